import { Command, CommanderError } from 'commander';
import { COMMANDS } from './cli/commands.ts';

/**
 * Entry point: `mailwarden <command>`. Returns the exit code; each command module is imported only when its
 * command runs, so `mailwarden scan` never loads the web server or the queue clients.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('mailwarden')
    .description('API-based inline email protection for Microsoft 365 and Google Workspace')
    .exitOverride()
    .showHelpAfterError();
  let exitCode = 0;
  for (const command of COMMANDS) {
    command.define(program, async (run) => {
      exitCode = await run();
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  return exitCode;
}
