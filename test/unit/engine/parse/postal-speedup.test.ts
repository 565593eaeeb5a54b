import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import PostalMime from 'postal-mime';
import { base64FastPath, installPostalSpeedup } from '../../../../src/engine/parse/postal-speedup.ts';
import { installPostalLineLoop, originalPostalParse } from '../../../../src/engine/parse/postal-line-loop.ts';
import { parse } from './parse-helper.ts';

installPostalSpeedup();

/** Both parse loops over the same bytes; the decoders are shared, so only the line loop differs. */
async function both(raw: string | Buffer): Promise<[unknown, unknown]> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw;
  const ours = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer' });
  const theirs = await originalPostalParse!.call(new PostalMime({ attachmentEncoding: 'arraybuffer' }), bytes);
  return [comparable(ours), comparable(theirs)];
}

function comparable(email: unknown): unknown {
  return JSON.parse(JSON.stringify(email, (_k, v: unknown) => (v instanceof ArrayBuffer ? createHash('sha256').update(new Uint8Array(v)).digest('hex') : v)));
}

const multipartMail = (eol: string, tail: string) =>
  [
    'From: a@b.example',
    'Subject: lines',
    'Content-Type: multipart/mixed; boundary="XX"',
    '',
    'preamble',
    '--XX',
    'Content-Type: text/plain',
    '',
    'first line',
    '-- not a boundary',
    '--XXY not this one either',
    '--',
    'bare\rcr inside',
    '--XX',
    'Content-Type: application/octet-stream',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('attachment bytes').toString('base64'),
    '--XX-- ',
    'epilogue',
  ].join(eol) + tail;

describe('postal-mime line loop', () => {
  it('is installed for the postal-mime release it mirrors (a failure here means: review postal-line-loop.ts)', () => {
    expect(installPostalLineLoop()).toBe(true);
    expect(originalPostalParse).toBeTypeOf('function');
  });

  it('yields what postal-mime’s own loop yields, whatever the line endings', async () => {
    for (const eol of ['\r\n', '\n', '\r\r\n']) {
      for (const tail of ['', eol, `${eol}${eol}`, '\r', '\r\r']) {
        const [ours, theirs] = await both(multipartMail(eol, tail));
        expect(ours, JSON.stringify({ eol, tail })).toEqual(theirs);
      }
    }
  });

  it('agrees on degenerate input: empty, one line, no body, dashes without any boundary, NUL bytes', async () => {
    for (const raw of ['', '\n', '\r\n', 'Subject: x', 'Subject: x\n', '--\n--x\n', 'Subject: y\n\n--a\n--\n', `Subject: z\n\n${'\0'.repeat(10)}\n`]) {
      const [ours, theirs] = await both(raw);
      expect(ours, JSON.stringify(raw)).toEqual(theirs);
    }
  });

  it('agrees on nested multiparts and a message/rfc822 part', async () => {
    const inner = ['Subject: inner', 'Content-Type: multipart/alternative; boundary=in', '', '--in', 'Content-Type: text/plain', '', 'plain', '--in', 'Content-Type: text/html', '', '<p>html</p>', '--in--'].join('\r\n');
    const raw = ['Subject: outer', 'Content-Type: multipart/mixed; boundary=out', '', '--out', 'Content-Type: message/rfc822', '', inner, '--out', 'Content-Type: text/plain', '', 'after', '--out--', ''].join('\r\n');
    const [ours, theirs] = await both(raw);
    expect(ours).toEqual(theirs);
  });
});

describe('base64 fast path', () => {
  it('decodes clean lines, lines with junk or per-line padding, and bodies past the decoder chunk size exactly', async () => {
    const bytes = randomBytes(160 * 1024);
    const b64 = bytes.toString('base64');
    const wrapped = b64.match(/.{1,76}/g)!;
    const variants = {
      clean: wrapped.join('\r\n'),
      junk: wrapped.map((l, i) => (i % 7 === 3 ? `${l.slice(0, 10)} \t*${l.slice(10)}` : l)).join('\r\n'),
      oneLine: b64,
    };
    for (const [name, body] of Object.entries(variants)) {
      const raw = ['From: a@b.example', 'Content-Type: multipart/mixed; boundary=B', '', '--B', 'Content-Type: text/plain', '', 'x', '--B', 'Content-Type: application/octet-stream', 'Content-Disposition: attachment; filename=a.bin', 'Content-Transfer-Encoding: base64', '', body, '--B--', ''].join('\r\n');
      const m = await parse(Buffer.from(raw, 'latin1'));
      expect(m.attachments[0]!.sha256, name).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    // Installed for the postal-mime release it mirrors (a failure here means: review patchBase64Update).
    expect(base64FastPath).toBe(true);
  });
});
