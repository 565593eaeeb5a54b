import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../../src/engine/limits.ts';
import { parseMessage } from '../../../../src/engine/parse/parse-message.ts';
import { createRulesDetector } from '../../../../src/engine/rules/index.ts';
import { buildEml } from '../../../helpers/build-eml.ts';
import { makeContext } from '../../../helpers/detector-context.ts';
import { listSource } from '../../../helpers/list-source.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RULE = `name: "Attached message links to a login page"
type: "rule"
severity: "medium"
source: |
  any(attachments,
      (.content_type == "message/rfc822" or .file_extension =~ "eml")
      and any(file.parse_eml(.).body.links, strings.icontains(.href_url.url, "/login"))
  )
`;

async function scan(innerHtml: string) {
  const inner = buildEml({ from: 'it@corp.example', to: 'x@acme.com', subject: 'Reset', html: innerHtml });
  const outer = buildEml({
    from: 'fwd@partner.example',
    to: 'bob@acme.com',
    subject: 'FW: Reset',
    text: 'see attached',
    attachments: [{ contentType: 'message/rfc822', body: new Uint8Array(inner), filename: 'reset.eml', disposition: 'attachment' }],
  });
  const model = await parseMessage(new Uint8Array(outer), { limits: DEFAULT_LIMITS, orgDomains: ['acme.com'], externalId: 't' });
  const dir = mkdtempSync(join(tmpdir(), 'mql-eml-'));
  writeFileSync(join(dir, 'rule.yml'), RULE);
  const { detector } = await createRulesDetector({ packs: [dir], lists: listSource() });
  return detector.detect(model, makeContext());
}

describe('file.parse_eml', () => {
  it('reads the links of an attached message', async () => {
    expect(await scan('<a href="https://evil.example/login?u=1">Reset now</a>')).toHaveLength(1);
  });

  it('does not fire when the attached message links elsewhere', async () => {
    expect(await scan('<a href="https://corp.example/news">News</a>')).toEqual([]);
  });
});
