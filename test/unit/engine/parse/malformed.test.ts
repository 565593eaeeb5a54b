import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { buildEml } from '../../../helpers/build-eml.ts';
import { parse } from './parse-helper.ts';

describe('parseMessage on malformed input', () => {
  it('yields an empty model for empty input', async () => {
    const m = await parse(new Uint8Array(0));
    expect(m.subject.subject).toBe('');
    expect(m.sender.email.email).toBe('');
    expect(m.body.links).toEqual([]);
    expect(m.type.inbound).toBe(true);
  });

  it('survives random binary', async () => {
    for (let i = 0; i < 20; i++) {
      const m = await parse(randomBytes(4096));
      expect(m.parse.size).toBe(4096);
    }
  });

  it('survives text garbage without headers', async () => {
    const m = await parse('this is not an email at all\n\n<<<>>>\0\0\0 ==?=?= --');
    expect(m.parse.size).toBeGreaterThan(0);
  });

  it('reads a multipart whose closing boundary is missing', async () => {
    const raw = buildEml({ text: 'hello there', attachments: [{ contentType: 'application/pdf', body: new Uint8Array([1, 2, 3]), filename: 'a.pdf' }] })
      .toString('latin1')
      .replace(/--b1_mixed--\r\n$/, '');
    const m = await parse(Buffer.from(raw, 'latin1'));
    expect(m.body.plain?.raw?.trim()).toBe('hello there');
    expect(m.attachments[0]!.file_name).toBe('a.pdf');
  });

  it('reads a multipart without a boundary parameter', async () => {
    const m = await parse('From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n');
    expect(m.subject.subject).toBe('x');
  });

  it('survives broken base64 and broken encoded words', async () => {
    const raw = buildEml({ subject: '=?utf-8?B?!!!notbase64?= =?bogus-charset?Q?caf=E9?=', text: 'x' })
      .toString('latin1')
      .replace('Content-Transfer-Encoding: 8bit\r\n\r\nx', 'Content-Transfer-Encoding: base64\r\n\r\n@@@***not base64***');
    const m = await parse(Buffer.from(raw, 'latin1'));
    expect(typeof m.subject.subject).toBe('string');
  });

  it('survives a header-only message with bare LF line ends', async () => {
    const m = await parse('From: "Bob" <bob@example.com>\nSubject: only headers\n');
    expect(m.subject.subject).toBe('only headers');
    expect(m.sender.display_name).toBe('Bob');
    expect(m.body.current_thread.text).toBe('');
  });

  it('handles addresses without a domain and groups', async () => {
    const m = await parse(buildEml({ from: 'undisclosed', to: 'Team: a@example.com, b@example.net;' }));
    expect(m.sender.email.domain.valid).toBe(false);
    expect(m.recipients.to.map((r) => r.email.email)).toEqual(['a@example.com', 'b@example.net']);
  });

  it('finds the sender address when a comma splits the display name from it', async () => {
    const m = await parse(buildEml({ from: 'Microsoft account team ,_<no-reply@access-accsecurity.example>' }));
    expect(m.sender.email.email).toBe('no-reply@access-accsecurity.example');
    expect(m.sender.display_name).toBe('Microsoft account team, _');
    const normal = await parse(buildEml({ from: '"Doe, Jane" <jane@example.com>' }));
    expect(normal.sender).toMatchObject({ display_name: 'Doe, Jane', email: { email: 'jane@example.com' } });
  });
});
