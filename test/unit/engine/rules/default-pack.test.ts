import { describe, expect, it } from 'vitest';
import type { Attachment, FileNode, MessageModel } from '../../../../src/core/message.ts';
import { createRulesDetector, DEFAULT_PACK_DIR, loadPack } from '../../../../src/engine/rules/index.ts';
import { makeContext } from '../../../helpers/detector-context.ts';
import { listSource } from '../../../helpers/list-source.ts';
import { auth, link, mailbox, makeModel } from '../../../helpers/model-factory.ts';

const lists = listSource({
  free_email_providers: ['gmail.com', 'outlook.com'],
  url_shorteners: ['bit.ly'],
  suspicious_tlds: ['top', 'xyz'],
  file_extensions_executables: ['exe', 'js', 'scr', 'vbs'],
  file_extensions_common_archives: ['zip', 'rar', '7z'],
  brand_names: ['paypal', 'microsoft', 'docusign'],
  brand_root_domains: ['paypal.com', 'microsoft.com', 'docusign.net'],
});

function node(file_name: string, flags: string[] = [], extra: Partial<FileNode> = {}): FileNode {
  const ext = file_name.includes('.') ? file_name.split('.').pop()! : null;
  return {
    id: 0, depth: 0, parent_id: null, file_name, file_extension: ext, size: 100, sha256: 'x'.repeat(64),
    flavors: { mime: null, yara: [] }, scan: {}, flags, ...extra,
  };
}

function attachment(file_name: string, explode: FileNode[]): Attachment {
  return {
    file_name, file_extension: file_name.split('.').pop()!, file_type: null, content_type: 'application/octet-stream',
    content_id: null, disposition: 'attachment', size: 100, md5: '', sha1: '', sha256: 'y'.repeat(64), explode,
  };
}

const text = (t: string) => ({ current_thread: { text: t, links: [] }, plain: { raw: t } });

/** Each rule: a message that should fire it, and the legitimate look-alike that should not. */
const CASES: Record<string, [MessageModel, MessageModel]> = {
  MQL_HTML_SMUGGLING_ATTACHMENT: [
    makeModel({ attachments: [attachment('doc.html', [node('doc.html', ['html_smuggling'])])] }),
    makeModel({ attachments: [attachment('newsletter.html', [node('newsletter.html', [])])] }),
  ],
  MQL_ENCRYPTED_ARCHIVE_PASSWORD_IN_BODY: [
    makeModel({ body: text('Invoice attached. Password: 7781'), attachments: [attachment('inv.zip', [node('inv.zip', ['encrypted_archive'])])] }),
    makeModel({ body: text('Invoice attached.'), attachments: [attachment('inv.zip', [node('inv.zip', ['encrypted_archive'])])] }),
  ],
  MQL_EXECUTABLE_INSIDE_ARCHIVE: [
    makeModel({ attachments: [attachment('scan.zip', [node('scan.zip'), node('scan.pdf.js', [], { depth: 1 })])] }),
    makeModel({ attachments: [attachment('photos.zip', [node('photos.zip'), node('a.jpg', [], { depth: 1 })])] }),
  ],
  MQL_BRAND_DISPLAY_NAME_FROM_FREE_MAIL: [
    makeModel({ sender: mailbox('secure.team77@gmail.com', 'PayPal Security') }),
    makeModel({ sender: mailbox('jo@gmail.com', 'Jo Paypalsky') }),
  ],
  MQL_CONFUSABLE_CHARACTERS_BRAND_NAME: [
    makeModel({ sender: mailbox('x@example.net', 'Pаypаl Service') }),
    makeModel({ sender: mailbox('x@example.net', 'PayPal Service') }),
  ],
  MQL_LOOKALIKE_BRAND_SENDER_DOMAIN: [
    makeModel({ sender: mailbox('service@paypa1.com', 'Service') }),
    makeModel({ sender: mailbox('service@paypal.com', 'Service') }),
  ],
  MQL_LINK_TEXT_NAMES_BRAND_DOMAIN_ELSEWHERE: [
    makeModel({ body: { links: [link('https://evil.example.top/login', 'https://www.paypal.com/signin')] } }),
    makeModel({ body: { links: [link('https://www.paypal.com/signin', 'https://www.paypal.com/signin')] } }),
  ],
  MQL_REPLY_TO_FREE_MAIL_PAYMENT_REQUEST: [
    makeModel({ sender: mailbox('ceo@vendor.com'), headers: { reply_to: [mailbox('ceo.vendor@gmail.com')] }, body: text('Please process the wire transfer today.') }),
    makeModel({ sender: mailbox('ceo@vendor.com'), headers: { reply_to: [mailbox('ceo.vendor@gmail.com')] }, body: text('See you at lunch.') }),
  ],
  MQL_VIP_DISPLAY_NAME_EXTERNAL_SENDER: [
    makeModel({ sender: mailbox('jane.doe.ceo@gmail.com', 'Jane Doe') }),
    makeModel({ sender: mailbox('jane.doe@acme.com', 'Jane Doe') }),
  ],
  MQL_ORG_DOMAIN_SPOOF_DMARC_FAIL: [
    makeModel({ sender: mailbox('it@acme.com'), headers: { auth_summary: auth({ dmarc: 'fail' }) } }),
    makeModel({ sender: mailbox('it@acme.com'), headers: { auth_summary: auth() } }),
  ],
  MQL_SUSPICIOUS_TLD_LINK_ACCOUNT_LANGUAGE: [
    makeModel({ body: { ...text('Please verify your account today'), links: [link('https://login.example.top/x')] } }),
    makeModel({ body: { ...text('Please verify your account today'), links: [link('https://login.example.com/x')] } }),
  ],
  MQL_CALLBACK_INVOICE_PHONE_NUMBER: [
    makeModel({ sender: mailbox('billing.dept@gmail.com'), body: text('Your subscription renewal of $399.99 was charged. To cancel call +1 808-555-0199.') }),
    makeModel({ sender: mailbox('billing@shop.com'), body: text('Your subscription renewal of $399.99 was charged. To cancel call +1 808-555-0199.') }),
  ],
  MQL_OFFICE_REMOTE_TEMPLATE: [
    makeModel({ attachments: [attachment('a.docx', [node('a.docx', ['ooxml'], { scan: { office: { external_relationships: [{ type: 'attachedTemplate', target: 'https://evil.example/t.dotm' }] } } })])] }),
    makeModel({ attachments: [attachment('a.docx', [node('a.docx', ['ooxml'], { scan: { office: { external_relationships: [{ type: 'hyperlink', target: 'https://example.com' }] } } })])] }),
  ],
  MQL_QR_CODE_LINK_IN_ATTACHMENT: [
    makeModel({ attachments: [attachment('scan.png', [node('scan.png', ['qr_code_url'], { scan: { qr: { type: 'url', data: 'https://x.example.top/a', url: { url: 'https://x.example.top/a', domain: { root_domain: 'example.top' } } } } })])] }),
    makeModel({ attachments: [attachment('scan.png', [node('scan.png', ['qr_code'], { scan: { qr: { type: 'text', data: 'WIFI:S:guest;;' } } })])] }),
  ],
};

describe('default rule pack', () => {
  it('is all runnable: no unsupported functions, no errors', async () => {
    const { report } = await loadPack(DEFAULT_PACK_DIR);
    expect(report.errors).toEqual([]);
    expect(report.unsupported).toEqual({});
    expect(report.runnable).toBe(report.total);
    expect(report.total).toBeGreaterThanOrEqual(20);
  });

  for (const [rule, [bad, good]] of Object.entries(CASES)) {
    it(`${rule} fires on the attack and not on the look-alike`, async () => {
      const { detector } = await createRulesDetector({ packs: [DEFAULT_PACK_DIR], lists });
      expect(detector.rules[rule]).toBeDefined();
      const fired = (await detector.detect(bad, makeContext({ lists }))).map((f) => f.rule);
      expect(fired).toContain(rule);
      const quiet = (await detector.detect(good, makeContext({ lists }))).map((f) => f.rule);
      expect(quiet).not.toContain(rule);
    });
  }

  it('a clean message from a colleague fires nothing', async () => {
    const { detector } = await createRulesDetector({ packs: [DEFAULT_PACK_DIR], lists });
    const msg = makeModel({ sender: mailbox('bob@acme.com', 'Bob'), body: { ...text('Lunch at noon? Agenda: https://acme.com/a'), links: [link('https://acme.com/a')] } });
    expect(await detector.detect(msg, makeContext({ lists }))).toEqual([]);
  });
});
