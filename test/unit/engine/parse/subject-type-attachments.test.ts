import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { buildEml } from '../../../helpers/build-eml.ts';
import { parseSubject } from '../../../../src/engine/parse/subject.ts';
import { parse } from './parse-helper.ts';

describe('subject prefixes', () => {
  it.each([
    ['RE: Invoice', 'Invoice', true, false],
    ['Fwd: FW: Invoice', 'Invoice', false, true],
    ['AW: WG: Angebot', 'Angebot', true, true],
    ['SV: Re[2]: Møte', 'Møte', true, false],
    ['TR: RV: Factura', 'Factura', false, true],
    ['[EXTERNAL] RE: Wire', 'Wire', true, false],
    ['Regarding: the plan', 'Regarding: the plan', false, false],
    ['Invoice RE: 42', 'Invoice RE: 42', false, false],
  ])('%s', (subject, base, isReply, isForward) => {
    expect(parseSubject(subject)).toEqual({ subject, base, is_reply: isReply, is_forward: isForward });
  });
});

describe('attachments', () => {
  it('names, hashes and types attachments; raw bytes stay out of JSON', async () => {
    const bytes = Buffer.from('%PDF-1.4 fake');
    const m = await parse(buildEml({ text: 'see', attachments: [{ contentType: 'application/octet-stream', body: bytes, filename: 'Invoice.PDF' }, { contentType: 'application/zip', body: Buffer.from('PK'), filename: 'noext' }] }));
    const [pdf, zip] = m.attachments;
    expect(pdf).toMatchObject({ file_name: 'Invoice.PDF', file_extension: 'pdf', file_type: 'pdf', content_type: 'application/octet-stream', disposition: 'attachment', size: bytes.length });
    expect(pdf!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(pdf!.md5).toBe(createHash('md5').update(bytes).digest('hex'));
    expect(pdf!.sha1).toBe(createHash('sha1').update(bytes).digest('hex'));
    expect(Buffer.from(pdf!.raw!).toString()).toBe('%PDF-1.4 fake');
    expect(JSON.stringify(pdf)).not.toContain('"raw"');
    expect(zip).toMatchObject({ file_extension: null, file_type: 'zip' });
  });
});

describe('message type', () => {
  it('is inbound without org domains', async () => {
    expect((await parse(buildEml({ from: 'a@corp.example', to: 'b@corp.example' }))).type).toEqual({ inbound: true, outbound: false, internal: false });
  });
  it('is internal between org addresses, outbound to outsiders', async () => {
    const org = { orgDomains: ['corp.example'] };
    expect((await parse(buildEml({ from: 'a@corp.example', to: 'b@mail.corp.example' }), org)).type.internal).toBe(true);
    expect((await parse(buildEml({ from: 'a@corp.example', to: 'x@other.example' }), org)).type.outbound).toBe(true);
    expect((await parse(buildEml({ from: 'x@other.example', to: 'a@corp.example' }), org)).type.inbound).toBe(true);
    expect((await parse(buildEml({ from: 'a@corp.example', to: 'x@other.example' }), { ...org, direction: 'outbound' })).type.outbound).toBe(true);
  });
  it('treats an org sender that fails DMARC as an inbound spoof', async () => {
    const raw = buildEml({ from: 'ceo@corp.example', to: 'b@corp.example', headers: [['Authentication-Results', 'spf=fail smtp.mailfrom=corp.example; dmarc=fail header.from=corp.example; compauth=fail reason=000']] });
    expect((await parse(raw, { orgDomains: ['corp.example'] })).type).toEqual({ inbound: true, outbound: false, internal: false });
  });
});
