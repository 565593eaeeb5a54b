import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join, relative } from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_STATIC_DIR, dashboardRouter } from '../../../../src/http/dashboard/index.ts';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
const FILES = walk(DASHBOARD_STATIC_DIR);
const SCRIPTS = FILES.filter((f) => f.endsWith('.js'));

describe('dashboard router (served as app.ts serves it: behind helmet)', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.use(helmet());
    app.use('/api/v1', (_req, res) => void res.status(418).json({ api: true }));
    app.use(dashboardRouter());
    app.use((_req, res) => void res.status(404).json({ error: 'not found' }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('serves the page at / under a CSP that allows only same-origin scripts, and the page has no inline script', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
    expect(scriptSrc).toBe("script-src 'self'");
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) {
      expect(s[0]).toMatch(/\bsrc="\/static\//);
      expect(s[1]!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers either
  });

  it('serves every module the page imports (offline: relative imports only, no CDN)', async () => {
    for (const file of SCRIPTS) {
      const path = `/static/${relative(DASHBOARD_STATIC_DIR, file).split('\\').join('/')}`;
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      const src = await res.text();
      for (const m of src.matchAll(/^import [^'"]*['"]([^'"]+)['"]/gm)) expect(m[1], `${path} imports ${m[1]}`).toMatch(/^\.\.?\//);
      expect(src).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    }
  });

  it('renders message data as text only: no innerHTML / outerHTML / insertAdjacentHTML / document.write in any module', () => {
    for (const file of SCRIPTS) expect(readFileSync(file, 'utf8'), file).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/);
  });

  it('shadows nothing else: unknown static files and other paths fall through to the 404 and API handlers', async () => {
    expect((await fetch(`${base}/static/nope.js`)).status).toBe(404);
    expect((await fetch(`${base}/static/../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/detections`)).status).toBe(404);
    expect((await fetch(`${base}/api/v1/tenants`)).status).toBe(418);
  });
});
