import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { AppError } from '../core/errors.ts';

/** One detection as an ArcSight CEF event, carried in an RFC 5424 syslog line. */
export interface CefEvent {
  signatureId: string;
  name: string;
  /** 0..10 */
  severity: number;
  extensions: Record<string, string | number>;
}

// CEF escaping: header fields escape \ and |; extension values escape \ = and line breaks.
const header = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
const ext = (s: string) => s.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\r?\n/g, '\\n');

export function formatCef(e: CefEvent, version = '1.0'): string {
  const extensions = Object.entries(e.extensions).map(([k, v]) => `${k}=${ext(String(v))}`).join(' ');
  return `CEF:0|MailWarden|MailWarden|${header(version)}|${header(e.signatureId)}|${header(e.name)}|${Math.max(0, Math.min(10, Math.round(e.severity)))}|${extensions}`;
}

/** RFC 5424 line, facility local0 (16), severity from the CEF severity. */
export function syslogLine(cef: string, cefSeverity: number, host = 'mailwarden', now = new Date()): string {
  const sev = cefSeverity >= 8 ? 2 : cefSeverity >= 6 ? 3 : cefSeverity >= 4 ? 4 : 6;
  return `<${16 * 8 + sev}>1 ${now.toISOString()} ${host} mailwarden - detection - ${cef}`;
}

/** Sends one line to udp://host:port or tcp://host:port (octet-counted framing, RFC 6587). */
export async function sendSyslog(target: string, line: string): Promise<void> {
  const u = new URL(target);
  const port = Number(u.port || 514);
  const host = u.hostname;
  const fail = (err: unknown) => new AppError('provider_unavailable', `syslog ${u.protocol} send failed: ${err instanceof Error ? (err as NodeJS.ErrnoException).code ?? err.name : 'error'}`, { retryable: true });
  if (u.protocol === 'udp:') {
    const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => sock.send(Buffer.from(line), port, host, (err) => (err ? reject(fail(err)) : resolve())));
    } finally {
      sock.close();
    }
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const s = connect({ host, port }, () => {
      const data = Buffer.from(line);
      s.end(Buffer.concat([Buffer.from(`${data.length} `), data]), () => resolve());
    });
    s.setTimeout(10_000, () => s.destroy(new Error('timeout')));
    s.on('error', (err) => reject(fail(err)));
  });
}
