import type { Command } from 'commander';
import type { DlpPlanItem } from '../core/provider.ts';
import type { CliCommand } from './commands.ts';

/** One line per rule, then a count per operation. */
export function formatDlpPlan(plan: DlpPlanItem[], applied: boolean): string {
  const lines = plan.map((p) => `${p.op.padEnd(6)}  ${p.name.padEnd(28)}  ${p.detail}`);
  const n = (op: DlpPlanItem['op']) => plan.filter((p) => p.op === op).length;
  const verbs = applied ? ['created', 'updated', 'deleted', 'unchanged'] : ['to create', 'to update', 'to delete', 'unchanged'];
  lines.push(`${n('create')} ${verbs[0]}, ${n('update')} ${verbs[1]}, ${n('delete')} ${verbs[2]}, ${n('keep')} ${verbs[3]}`);
  return lines.join('\n');
}

/**
 * `mailwarden dlp plan --tenant <id>` shows how the tenant's DLP policy would change the provider-side rules
 * (Exchange transport rules, Gmail DLP rules and detectors); `mailwarden dlp apply --tenant <id>` makes those
 * changes and records them in the audit log. Both are idempotent: a second apply finds everything `keep`.
 * Exit 0 on success, 1 when the provider refused, 2 for an unknown tenant.
 */
export const dlpCommand: CliCommand = {
  name: 'dlp',
  define(program: Command, setExit) {
    const dlp = program.command('dlp').description('provider-side DLP rules from the tenant policy');
    const run = (apply: boolean) => (opts: { tenant: string; json?: boolean }) =>
      setExit(async () => {
        const { loadConfig } = await import('../config/load.ts');
        const { createLogger } = await import('../observability/logger.ts');
        const { openConfiguredStore } = await import('../store/open-configured-store.ts');
        const { currentPolicy } = await import('../policy/store-port.ts');
        const { compileDlpRules } = await import('../policy/dlp-compile.ts');
        const { providerFor } = await import('../../connectors/index.ts');
        const { describeError } = await import('../core/errors.ts');
        const config = loadConfig();
        const logger = createLogger({ level: 'warn' });
        const store = await openConfiguredStore(config, logger);
        try {
          const tenant = await store.tenants.get(opts.tenant);
          if (!tenant) {
            console.error(`unknown tenant ${opts.tenant}`);
            return 2;
          }
          const policy = (await currentPolicy(store, tenant.id)) ?? tenant.policy;
          const specs = compileDlpRules(policy.dlp);
          const provider = providerFor({ tenantId: tenant.id, provider: tenant.provider, settings: tenant.settings, ...(tenant.endpoints ? { endpoints: tenant.endpoints } : {}) });
          let plan: DlpPlanItem[];
          try {
            plan = await provider.syncDlpRules(specs, apply);
          } catch (err) {
            console.error(`${tenant.provider} refused: ${describeError(err)}`);
            if (apply) await store.actions.audit({ tenantId: tenant.id, actor: 'cli', action: 'dlp.apply.failed', target: `tenant:${tenant.id}:dlp`, reason: describeError(err) });
            return 1;
          }
          if (apply) {
            const changed = plan.filter((p) => p.op !== 'keep');
            await store.actions.audit({ tenantId: tenant.id, actor: 'cli', action: 'dlp.apply', target: `tenant:${tenant.id}:dlp`, reason: `${changed.length} provider rule change(s)`, detail: { plan } });
          }
          console.log(opts.json ? JSON.stringify(plan, null, 2) : formatDlpPlan(plan, apply));
          return 0;
        } finally {
          await store.close();
        }
      });
    for (const [name, apply, text] of [
      ['plan', false, 'show the provider-side rule changes the DLP policy asks for'],
      ['apply', true, 'make the provider-side rule changes (creates, updates, deletes only rules MailWarden made)'],
    ] as const) {
      dlp.command(name).description(text).requiredOption('--tenant <id>', 'tenant id').option('--json', 'print the plan as JSON').action(run(apply));
    }
  },
};
