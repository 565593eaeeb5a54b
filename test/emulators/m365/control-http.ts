/**
 * The control API over HTTP, under /_control on the emulator's port, for a service or demo running in another
 * process. Same operations as the in-process `emu.control`. Test-only: no authentication.
 */
import type { M365Control } from './emulator.ts';
import type { FaultRule } from './faults.ts';
import type { LifecycleEvent } from './subscriptions.ts';

export interface ControlResult {
  status: number;
  body: unknown;
}

export async function handleControl(control: M365Control, stats: () => unknown, method: string, path: string, body: Buffer): Promise<ControlResult> {
  let input: Record<string, unknown> = {};
  if (body.length) {
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'invalid json' } };
    }
  }
  const route = `${method} ${path}`;
  switch (route) {
    case 'GET /_control/stats':
      return { status: 200, body: stats() };
    case 'POST /_control/deliver': {
      if (typeof input.user !== 'string' || typeof input.mimeBase64 !== 'string') return { status: 400, body: { error: 'user and mimeBase64 required' } };
      const msg = control.deliver(input.user, Buffer.from(input.mimeBase64, 'base64'), typeof input.folder === 'string' ? (input.folder as 'inbox') : 'inbox');
      return { status: 201, body: { immutableId: msg.immutableId, restId: msg.restId } };
    }
    case 'POST /_control/faults':
      control.inject(input as unknown as FaultRule);
      return { status: 204, body: undefined };
    case 'POST /_control/drop-notifications':
      control.dropNotifications(Number(input.probability ?? 0));
      return { status: 204, body: undefined };
    case 'POST /_control/expire-delta-tokens':
      control.expireDeltaTokens();
      return { status: 204, body: undefined };
    case 'POST /_control/lifecycle':
      return control.lifecycle(String(input.subscriptionId), input.event as LifecycleEvent) ? { status: 204, body: undefined } : { status: 404, body: { error: 'no such subscription' } };
    case 'POST /_control/consent':
      control.setConsent(typeof input.tenantId === 'string' ? input.tenantId : null);
      return { status: 204, body: undefined };
    case 'POST /_control/revoke-consent':
      control.revokeConsent(String(input.tenantId), String(input.appId));
      return { status: 204, body: undefined };
    default:
      return { status: 404, body: { error: `no control route ${route}` } };
  }
}
