/**
 * Graph change and lifecycle notification payloads, read defensively: a webhook body is hostile input until the
 * clientState check passes, so only the fields we use are taken, with types and sizes checked.
 */

/** One change notification: which subscription, the secret it carries, and the message id. */
export interface ChangeNotification {
  subscriptionId: string;
  clientState: string | null;
  changeType: string;
  /** The message id (immutable: subscriptions are created with Prefer IdType="ImmutableId"). */
  messageId: string | null;
}

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export interface LifecycleNotification {
  subscriptionId: string;
  clientState: string | null;
  lifecycleEvent: LifecycleEvent;
}

/** Graph batches notifications; more than this in one POST is not Graph. */
export const MAX_NOTIFICATIONS_PER_POST = 1000;
const MAX_FIELD = 1024;

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_FIELD ? v : null;
}

function items(body: unknown): Record<string, unknown>[] {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_NOTIFICATIONS_PER_POST).filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
}

export function parseChangeNotifications(body: unknown): ChangeNotification[] {
  const out: ChangeNotification[] = [];
  for (const n of items(body)) {
    const subscriptionId = str(n.subscriptionId);
    if (!subscriptionId) continue;
    const data = n.resourceData as { id?: unknown } | undefined;
    out.push({ subscriptionId, clientState: str(n.clientState), changeType: str(n.changeType) ?? '', messageId: str(data?.id) });
  }
  return out;
}

export function parseLifecycleNotifications(body: unknown): LifecycleNotification[] {
  const out: LifecycleNotification[] = [];
  for (const n of items(body)) {
    const subscriptionId = str(n.subscriptionId);
    const event = n.lifecycleEvent;
    if (!subscriptionId || (event !== 'reauthorizationRequired' && event !== 'subscriptionRemoved' && event !== 'missed')) continue;
    out.push({ subscriptionId, clientState: str(n.clientState), lifecycleEvent: event });
  }
  return out;
}
