import { Option, type Command } from 'commander';
import type { CliCommand } from './commands.ts';

/** `mailwarden serve [--role api|worker|scheduler|all]`: the long-running service. */
export const serveCommand: CliCommand = {
  name: 'serve',
  define(program: Command, setExit) {
    program
      .command('serve')
      .description('run the service: webhooks and API, workers, scheduler (PORT, DATABASE_URL, REDIS_URL, … from the environment)')
      .addOption(new Option('--role <role>', 'which part to run in this process').choices(['api', 'worker', 'scheduler', 'all']).default('all'))
      .action((opts: { role: 'api' | 'worker' | 'scheduler' | 'all' }) =>
        setExit(async () => {
          const { runServe } = await import('./serve-run.ts');
          return runServe(opts.role);
        }),
      );
  },
};
