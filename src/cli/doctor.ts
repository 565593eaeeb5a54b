import type { Command } from 'commander';
import type { CliCommand } from './commands.ts';

/**
 * `mailwarden doctor`: checks configuration, database, Redis, provider credentials and webhook reachability
 * with the same environment the service reads, and says in plain words what is wrong. Exit 1 on any failure.
 */
export const doctorCommand: CliCommand = {
  name: 'doctor',
  define(program: Command, setExit) {
    program
      .command('doctor')
      .description('check configuration, database, Redis, provider credentials and webhook reachability')
      .option('--timeout <ms>', 'deadline per network check', '5000')
      .option('--no-webhooks', 'do not fetch PUBLIC_URL')
      .action((opts: { timeout: string; webhooks: boolean }) =>
        setExit(async () => {
          const { runDoctorChecks, formatResults } = await import('../doctor/run-doctor.ts');
          const results = await runDoctorChecks(process.env, { timeoutMs: Number(opts.timeout) || 5000, webhooks: opts.webhooks });
          console.log(formatResults(results));
          return results.some((r) => r.status === 'fail') ? 1 : 0;
        }),
      );
  },
};
