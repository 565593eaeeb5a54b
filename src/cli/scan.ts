/**
 * `mailwarden scan <file|dir|mbox|->...`: verdicts for messages on disk, before any tenant is connected.
 * Exit 0 when every message is clean, 1 when any is a threat, 2 on usage or I/O errors.
 */
import type { Command } from 'commander';
import type { CliCommand } from './commands.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

export const scanCommand: CliCommand = {
  name: 'scan',
  define(program: Command, setExit) {
    program
      .command('scan')
      .description('scan .eml files, folders (recursive), mbox files or stdin (-) and print a verdict per message')
      .argument('<inputs...>', 'files, folders, mbox files, or - for stdin')
      .option('--json', 'one JSON object per message: file, verdict, score, findings, failures, ms')
      .option('--explain', 'print each finding\'s description and the attachment tree')
      .option('--rules <dir>', 'add an MQL rule pack folder, or "default" for the shipped pack (repeatable)', collect, [])
      .option('--strict', "MQL rules without approximations: skip rules needing MailWarden's local NLU stand-in")
      .option('--lists <dir>', 'add a folder of *.txt lists (repeatable)', collect, [])
      .option('--org-domain <domain>', 'an organisation domain (repeatable)', collect, [])
      .option('--concurrency <n>', 'messages scanned at once', (v) => Number.parseInt(v, 10), 4)
      .action((inputs: string[], opts: { json?: boolean; explain?: boolean; strict?: boolean; rules: string[]; lists: string[]; orgDomain: string[]; concurrency: number }) =>
        setExit(async () => {
          if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) {
            process.stderr.write('mailwarden scan: --concurrency must be a positive integer\n');
            return 2;
          }
          const { runScan } = await import('./scan-run.ts');
          return runScan(inputs, opts);
        }),
      );
  },
};
