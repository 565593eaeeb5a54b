import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.ts';

describe('logger', () => {
  it('redacts secrets at the top level and one level down', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger({ level: 'info', destination: sink });
    log.info({ clientSecret: 'S3CRET-1', tenant: { refreshToken: 'S3CRET-2', name: 'Acme' }, authorization: 'Bearer S3CRET-3' }, 'connected');
    const out = lines.join('');
    expect(out).not.toMatch(/S3CRET/);
    expect(out).toContain('Acme');
    expect(out).toContain('[redacted]');
  });
});
