/** The policy a failing DMARC domain asked for, as the receiver reported it. */
export type DmarcPolicy = 'reject' | 'quarantine' | 'none' | 'unknown';

/**
 * Reads the published policy from the dmarc result's details. Google writes `(p=REJECT sp=REJECT dis=NONE)`;
 * Microsoft writes `action=oreject` (policy reject, overridden to junk by the tenant), `action=quarantine`,
 * `action=pct.reject`, `action=none`.
 */
export function dmarcPolicy(details: string | null): DmarcPolicy {
  if (!details) return 'unknown';
  const p = /\bp\s*=\s*(reject|quarantine|none)\b/i.exec(details)?.[1]?.toLowerCase();
  if (p === 'reject' || p === 'quarantine' || p === 'none') return p;
  const action = /\baction\s*=\s*([a-z.]+)/i.exec(details)?.[1]?.toLowerCase();
  if (!action) return 'unknown';
  if (/(^|\.)o?reject$/.test(action)) return 'reject';
  if (/(^|\.)o?quarantine$/.test(action)) return 'quarantine';
  if (action === 'none') return 'none';
  return 'unknown';
}

/** The header.from domain the receiver evaluated, for evidence. */
export function headerFromDomain(details: string | null): string | null {
  return details ? (/\bheader\.from\s*=\s*([^\s;()]+)/i.exec(details)?.[1]?.toLowerCase() ?? null) : null;
}

/** Microsoft's compauth reason code (000 explicit fail, 001 implicit, 1xx pass, 2xx soft pass...). */
export function compauthReason(details: string | null): string | null {
  return details ? (/\breason\s*=\s*(\d{3})/i.exec(details)?.[1] ?? null) : null;
}
