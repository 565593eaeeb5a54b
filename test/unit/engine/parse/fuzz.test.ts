import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildEml } from '../../../helpers/build-eml.ts';
import { parse } from './parse-helper.ts';

const seed = buildEml({
  from: '"Pay Pal" <service@paypal.example>',
  subject: '=?utf-8?B?w5xiZXI=?= RE: test',
  headers: [['Authentication-Results', 'mx.google.com; spf=pass smtp.mailfrom=a.example; dkim=fail (bad) header.d=a.example']],
  text: 'plain https://a.example/x',
  html: '<p>hi <a href="https://b.example/">https://c.example</a></p>',
  attachments: [{ contentType: 'application/pdf', body: Buffer.from('%PDF-1.4'), filename: 'a.pdf' }],
});

describe('parseMessage never throws', () => {
  it('on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
        const m = await parse(bytes);
        expect(m.parse.size).toBe(bytes.length);
      }),
      { numRuns: 150 },
    );
  });

  it('on a real message with random byte edits, cuts and splices', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: seed.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }),
        fc.nat({ max: seed.length }),
        fc.constantFrom('', '--b1_mixed\r\n', '\r\n\r\n', '=?utf-8?Q?', '<a href="', 'Content-Type: multipart/mixed; boundary=x\r\n'),
        async (edits, cut, splice) => {
          const bytes = Buffer.from(seed);
          for (const [at, value] of edits) bytes[at] = value;
          const mutated = Buffer.concat([bytes.subarray(0, cut), Buffer.from(splice), bytes.subarray(cut)]);
          const m = await parse(mutated);
          expect(typeof m.subject.subject).toBe('string');
          expect(Array.isArray(m.body.links)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
