/**
 * `mailwarden rules check <dir> [--json]`: parse and compile every rule of a pack, print totals and the table
 * of unsupported functions. `mailwarden rules test <rule-or-dir> <eml...>`: show which rules match each message
 * and the conditions that made them match.
 */
import type { Command } from 'commander';
import type { CliCommand } from './commands.ts';

function printCheck(path: string, r: import('../engine/rules/index.ts').PackReport, reasons: Record<string, string>): void {
  const pct = (n: number) => (r.total ? ((100 * n) / r.total).toFixed(1) : '0.0');
  console.log(`${path}`);
  console.log(`  total ${r.total}  parsed ${r.parsed} (${pct(r.parsed)}%)  runnable ${r.runnable} (${pct(r.runnable)}%)  skipped ${r.skipped}`);
  console.log(`  runnable without approximations (--strict) ${r.runnableStrict} (${pct(r.runnableStrict)}%)`);
  const approx = Object.entries(r.approximated).sort((a, b) => b[1] - a[1]);
  if (approx.length) {
    console.log("  approximated functions (runnable rules using each; MailWarden's local stand-in, not the vendor's model):");
    for (const [fn, n] of approx) console.log(`    ${String(n).padStart(5)}  ${fn}`);
  }
  const rows = Object.entries(r.unsupported).sort((a, b) => b[1] - a[1]);
  if (rows.length) {
    console.log('  unsupported functions (rules needing each; a rule may need several):');
    for (const [fn, n] of rows) console.log(`    ${String(n).padStart(5)}  ${fn.padEnd(28)} ${reasons[fn] ?? 'not implemented locally'}`);
  }
  if (r.errors.length) {
    console.log(`  errors (${r.errors.length}):`);
    for (const e of r.errors.slice(0, 50)) console.log(`    ${e.stage}: ${e.file}: ${e.error}`);
  }
}

export const rulesCommand: CliCommand = {
  name: 'rules',
  define(program: Command, setExit) {
    const rules = program.command('rules').description('MQL rule packs: check and test');
    rules
      .command('check')
      .argument('<dir>', 'rule pack folder or rule file')
      .option('--json', 'print the totals as JSON')
      .option('--strict', "no approximations: rules needing MailWarden's local NLU stand-in count as unsupported")
      .description('parse and compile every rule; print totals and unsupported functions')
      .action((dir: string, opts: { json?: boolean; strict?: boolean }) =>
        setExit(async () => {
          const { loadPack, UNSUPPORTED_REASONS } = await import('../engine/rules/index.ts');
          const { report } = await loadPack(dir, undefined, { strict: opts.strict });
          if (opts.json) {
            const { total, parsed, runnable, runnableStrict, approximated, unsupported, errors, lists } = report;
            console.log(JSON.stringify({ total, parsed, runnable, runnableStrict, approximated, unsupported, errors, lists }, null, 2));
          } else printCheck(dir, report, UNSUPPORTED_REASONS);
          return report.errors.length ? 1 : 0;
        }),
      );
    rules
      .command('test')
      .argument('<rules>', 'rule pack folder or rule file')
      .argument('<eml...>', 'messages to evaluate')
      .option('--lists <dir>', 'folder of $lists (name.txt, one entry a line) merged over the shipped lists')
      .option('--org-domain <domain...>', 'the organisation domains')
      .option('--json', 'print the matches as JSON')
      .option('--strict', "no approximations: skip rules needing MailWarden's local NLU stand-in")
      .description('show which rules match each message and why')
      .action((path: string, emls: string[], opts: { lists?: string; orgDomain?: string[]; json?: boolean; strict?: boolean }) =>
        setExit(async () => {
          const { runRulesTest } = await import('./rules-test.ts');
          return runRulesTest(path, emls, opts);
        }),
      );
  },
};
