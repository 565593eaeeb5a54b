/**
 * Server-side paging: the rest of a listing is parked under a random $skiptoken and handed out page by page.
 */
import { randomBytes } from 'node:crypto';

export class Pager {
  private readonly parked = new Map<string, { items: unknown[]; pageSize: number; extra?: Record<string, unknown> }>();

  /** First page of `items`, with @odata.nextLink when more remain. `link(token)` builds the next URL. */
  page(items: unknown[], pageSize: number, link: (token: string) => string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const value = items.slice(0, pageSize);
    const rest = items.slice(pageSize);
    const out: Record<string, unknown> = { value };
    if (rest.length > 0) {
      const token = randomBytes(18).toString('base64url');
      this.parked.set(token, { items: rest, pageSize, extra });
      out['@odata.nextLink'] = link(token);
    } else {
      Object.assign(out, extra);
    }
    return out;
  }

  /** A later page, or null when the token is unknown. */
  next(token: string, link: (token: string) => string): Record<string, unknown> | null {
    const p = this.parked.get(token);
    if (!p) return null;
    this.parked.delete(token);
    return this.page(p.items, p.pageSize, link, p.extra);
  }
}

export function pageSizeOf(query: URLSearchParams, preferred: number | undefined, fallback: number, max: number): number {
  const top = Number(query.get('$top') ?? preferred ?? fallback);
  return Math.max(1, Math.min(max, Number.isFinite(top) ? top : fallback));
}
