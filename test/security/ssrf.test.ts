/**
 * SSRF: the engine reads URLs, it never fetches them. A message (body, HTML resources, and attachments of every
 * kind that can carry a link) pointing at a listener on loopback is scanned by the full engine with the default
 * rule pack; the listener must see zero connections. Enrichment that fetches would have to be configured and
 * sandboxed; none is by default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import JSZip from 'jszip';
import { createDefaultEngine } from '../../src/engine/default-engine.ts';
import type { ScanEngine } from '../../src/engine/scan-message.ts';
import { buildEml } from '../helpers/build-eml.ts';

const listeners: Server[] = [];
const connections: string[] = [];
let port4 = 0;
let port6 = 0;
let engine: ScanEngine;

async function listen(host: string): Promise<number> {
  const server = createServer((s: Socket) => {
    connections.push(`${host} ${s.remoteAddress}`);
    s.destroy();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
  } catch {
    return 0; // no IPv6 loopback on this machine
  }
  listeners.push(server);
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  port4 = await listen('127.0.0.1');
  port6 = await listen('::1');
  engine = (await createDefaultEngine({ rulePacks: ['default'] })).engine;
}, 60_000);
afterAll(async () => {
  for (const s of listeners) await new Promise<void>((r) => s.close(() => r()));
});

function urls(): string[] {
  const list = [
    `http://127.0.0.1:${port4}/login`,
    `https://127.0.0.1:${port4}/verify?u=bob`,
    `http://localhost:${port4}/reset`,
    `http://2130706433:${port4}/decimal`,
    `http://0x7f.0.0.1:${port4}/hex`,
    `http://127.1:${port4}/short`,
  ];
  if (port6) list.push(`http://[::1]:${port6}/v6`, `http://[::ffff:127.0.0.1]:${port4}/mapped`);
  return list;
}

describe('SSRF: scanning mail with URLs to a local listener', () => {
  it('never makes a connection, from the body, HTML resources or attachments', async () => {
    const u = urls();
    const html = [
      ...u.map((x) => `<a href="${x}">Verify your account</a>`),
      `<img src="${u[0]}/pixel.gif" width="1" height="1">`,
      `<link rel="stylesheet" href="${u[1]}/style.css">`,
      `<div style="background:url('${u[2]}/bg.png')">x</div>`,
      `<iframe src="${u[0]}/frame"></iframe>`,
      `<meta http-equiv="refresh" content="0;url=${u[0]}/meta">`,
      `<form action="${u[0]}/post"><input name="password"></form>`,
    ].join('\n');
    const docx = new JSZip();
    docx.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
    docx.file('word/document.xml', `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Invoice ${u[0]}</w:t></w:r></w:p></w:body></w:document>`);
    // A remote template (the classic "template injection") and an external image: Word would fetch these.
    docx.file('word/_rels/settings.xml.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="${u[0]}/template.dotm" TargetMode="External"/></Relationships>`);
    docx.file('word/_rels/document.xml.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${u[1]}/img.png" TargetMode="External"/></Relationships>`);
    const pdf = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (${u[0]}/open) >> >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n3 0 obj << /Type /Annot /Subtype /Link /A << /S /URI /URI (${u[1]}/annot) >> >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF`);
    const raw = buildEml({
      from: '"IT Helpdesk" <it@evil.example>',
      subject: 'Action required: verify your mailbox',
      text: `Sign in here: ${u.join(' ')}`,
      html,
      attachments: [
        { contentType: 'text/html', body: `<html><body><form action="${u[0]}/phish"><input type="password"></form><script src="${u[1]}/x.js"></script></body></html>`, filename: 'secure-message.html' },
        { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', body: Buffer.from(await docx.generateAsync({ type: 'uint8array' })), filename: 'invoice.docx' },
        { contentType: 'application/pdf', body: pdf, filename: 'statement.pdf' },
        { contentType: 'application/octet-stream', body: `[InternetShortcut]\r\nURL=${u[0]}/shortcut\r\n`, filename: 'portal.url' },
        { contentType: 'image/svg+xml', body: `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="${u[2]}/svg.png"/></svg>`, filename: 'logo.svg' },
      ],
    });
    const { model, verdict } = await engine.scan({ raw });
    // Let any stray asynchronous fetch reach the listener before counting.
    await new Promise((r) => setTimeout(r, 300));
    expect(connections).toEqual([]);
    // The scan did see the links (so "no connection" is not "never looked"), and judged the message.
    const hrefs = model.body.links.map((l) => l.href_url.url);
    expect(hrefs.some((h) => h.includes(`:${port4}/login`))).toBe(true);
    expect(verdict.verdict).not.toBe('clean');
  }, 30_000);

  it('the listener does count connections (the probe is live)', async () => {
    const before = connections.length;
    const { connect } = await import('node:net');
    await new Promise<void>((resolve) => {
      const s = connect(port4, '127.0.0.1', () => {
        s.end();
        resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(connections.length).toBe(before + 1);
    connections.length = 0;
  });
});
