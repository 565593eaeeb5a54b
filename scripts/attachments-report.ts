/**
 * Runs the attachment analysis over sample folders and prints, per file, what was found: real type, flags
 * (of the file and of everything nested in it), nested file count, links and the work done.
 *   npx tsx scripts/attachments-report.ts <folder|file>... [--json] [--body "text of the message"]
 * `--body` stands in for the message text (e.g. "the password is infected-test" for the oletools zips).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import { createHash } from 'node:crypto';
import type { Attachment, MessageModel } from '../src/core/message.ts';
import { analyzeAttachments } from '../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS } from '../src/engine/limits.ts';

function files(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).sort().flatMap((n) => files(join(path, n)));
}

const noAuth = { pass: null, verdict: null, details: null };
function modelWith(attachment: Attachment, text: string): MessageModel {
  const empty = { email: '', local_part: '', domain: { domain: '', root_domain: '', sld: '', tld: '', subdomain: null, punycode: null, valid: false } };
  return {
    external_id: attachment.file_name,
    headers: { auth_summary: { spf: noAuth, dkim: noAuth, dmarc: noAuth, compauth: noAuth, arc: noAuth }, hops: [], message_id: null, in_reply_to: null, references: [], reply_to: [], return_path: null, mailer: null, domains: [], ips: [], date: null, fields: [] },
    subject: { subject: '', base: '', is_reply: false, is_forward: false },
    sender: { display_name: null, email: empty },
    recipients: { to: [], cc: [], bcc: [] },
    body: { plain: { raw: text }, html: null, current_thread: { text, links: [] }, previous_threads: [], links: [] },
    attachments: [attachment],
    type: { inbound: true, outbound: false, internal: false },
    mailbox: null,
    parse: { warnings: [], size: 0, truncated: false },
  };
}

function attachmentOf(path: string, bytes: Uint8Array): Attachment {
  const hash = (alg: string): string => createHash(alg).update(bytes).digest('hex');
  const name = basename(path);
  const a: Attachment = {
    file_name: name, file_extension: name.includes('.') ? name.split('.').pop()!.toLowerCase() : null, file_type: null,
    content_type: 'application/octet-stream', content_id: null, disposition: 'attachment', size: bytes.length,
    md5: hash('md5'), sha1: hash('sha1'), sha256: hash('sha256'),
  };
  Object.defineProperty(a, 'raw', { value: bytes, enumerable: false });
  return a;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const bodyAt = args.indexOf('--body');
const body = bodyAt >= 0 ? args[bodyAt + 1] ?? '' : '';
const paths = args.filter((a, i) => a !== '--json' && a !== '--body' && (bodyAt < 0 || i !== bodyAt + 1));
for (const path of paths.flatMap(files)) {
  const bytes = new Uint8Array(readFileSync(path));
  const attachment = attachmentOf(path, bytes);
  const model = modelWith(attachment, body);
  const started = performance.now();
  await analyzeAttachments(model, DEFAULT_LIMITS);
  const ms = performance.now() - started;
  const nodes = attachment.explode ?? [];
  const root = nodes[0];
  const nested = nodes.filter((n) => n.depth > 0);
  const nestedFlags = [...new Set(nested.flatMap((n) => n.flags))].filter((f) => !root?.flags.includes(f));
  if (json) {
    console.log(JSON.stringify({ file: path, nodes, links: model.body.links.map((l) => l.href_url.url) }));
    continue;
  }
  const kind = (root?.scan.type as { kind?: string } | undefined)?.kind ?? '-';
  const links = model.body.links.slice(0, 2).map((l) => `${l.parser}:${l.href_url.url.slice(0, 60)}`);
  console.log([
    path.replace(/^.*\/(attachments-[a-z]+|clamav-testfiles)\//, '$1/').padEnd(70), kind.padEnd(12),
    `nested=${nested.length}`.padEnd(10), (root?.flags.join(',') || '-'), nestedFlags.length ? `| inside: ${nestedFlags.join(',')}` : '',
    links.length ? `| links(${model.body.links.length}): ${links.join(' ')}` : '', ms > 200 ? `| ${ms.toFixed(0)}ms` : '',
  ].join(' ').trimEnd());
}
