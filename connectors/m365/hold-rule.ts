/**
 * The inline hold: an Inbox rule that moves every new message into our hold folder, so nothing is readable
 * before it is scanned; `hold_release` moves clean mail on to the Inbox. Rules run on delivery only, so the
 * release move does not trigger the rule again.
 */
import type { FolderCache } from './folders.ts';
import { seg, type GraphApi } from './graph-api.ts';
import type { M365Settings } from './settings.ts';

export const HOLD_RULE_NAME = 'MailWarden hold';

interface RuleJson {
  id: string;
  displayName: string;
  isEnabled: boolean;
  actions?: { moveToFolder?: string };
}

export async function installHoldRule(api: GraphApi, folders: FolderCache, settings: M365Settings, box: string, enabled: boolean): Promise<void> {
  const base = `/users/${seg(box)}/mailFolders/inbox/messageRules`;
  const rules: { value: RuleJson[] } = await api.call(box, 'list inbox rules', (c) => c.api(base).get());
  const ours = rules.value.filter((r) => r.displayName === HOLD_RULE_NAME);
  if (!enabled) {
    for (const r of ours) await api.call(box, 'delete hold rule', (c) => c.api(`${base}/${seg(r.id)}`).delete());
    return;
  }
  const holdId = await folders.ensure(box, settings.holdFolderName);
  const [first, ...extra] = ours;
  for (const r of extra) await api.call(box, 'delete duplicate hold rule', (c) => c.api(`${base}/${seg(r.id)}`).delete());
  if (first && first.isEnabled && first.actions?.moveToFolder === holdId) return;
  const body = { displayName: HOLD_RULE_NAME, sequence: 1, isEnabled: true, actions: { moveToFolder: holdId, stopProcessingRules: false } };
  if (first) await api.call(box, 'update hold rule', (c) => c.api(`${base}/${seg(first.id)}`).patch(body));
  else await api.call(box, 'create hold rule', (c) => c.api(base).post(body));
}
