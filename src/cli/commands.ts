import type { Command } from 'commander';
import { rulesCommand } from './rules.ts';
import { scanCommand } from './scan.ts';
import { serveCommand } from './serve.ts';
import { deadLettersCommand } from './dead-letters.ts';
import { usersCommand } from './users.ts';
import { demoCommand } from './demo.ts';
import { doctorCommand } from './doctor.ts';
import { dlpCommand } from './dlp.ts';

/**
 * A CLI command: `define` adds it to the program and, when it is invoked, hands `setExit` a function that runs
 * it and resolves to the exit code. Command modules import their heavy dependencies lazily inside `run`.
 */
export interface CliCommand {
  name: string;
  define(program: Command, setExit: (run: () => Promise<number>) => Promise<void>): void;
}

/** The one registry of CLI commands. */
export const COMMANDS: CliCommand[] = [rulesCommand, scanCommand, serveCommand, deadLettersCommand, usersCommand, demoCommand, doctorCommand, dlpCommand];
