import { errors } from './google-errors.ts';

/** users.settings.filters resource. */
export interface GmailFilter {
  id: string;
  criteria: {
    from?: string;
    to?: string;
    subject?: string;
    query?: string;
    negatedQuery?: string;
  };
  action: { addLabelIds?: string[]; removeLabelIds?: string[]; forward?: string };
}

/** What a filter sees of a message on delivery. */
export interface FilterSubject {
  from: string;
  to: string;
  subject: string;
  /** Headers and body text, lower-cased, for query words. */
  text: string;
}

/**
 * Gmail filters, applied when mail is delivered (never to insert/import). Criteria support a subset of Gmail
 * search: from/to/subject are case-insensitive substrings; query/negatedQuery are whitespace-separated words
 * that must all be present / must not all be present. That subset covers the hold filter MailWarden installs
 * (`negatedQuery` of a word that never occurs matches everything).
 */
export class FilterBook {
  private readonly filters = new Map<string, GmailFilter>();
  private next = 1;

  list(): GmailFilter[] {
    return [...this.filters.values()];
  }

  create(input: Partial<GmailFilter>): GmailFilter {
    const criteria = input.criteria ?? {};
    const action = input.action ?? {};
    if (!Object.values(criteria).some((v) => typeof v === 'string' && v.length > 0)) throw errors.invalidArgument('Filter doesn\'t have any criteria');
    if (!action.addLabelIds?.length && !action.removeLabelIds?.length && !action.forward) throw errors.invalidArgument('Filter doesn\'t have any actions');
    const filter: GmailFilter = { id: `ANe1Bm${String(this.next++).padStart(10, '0')}`, criteria, action };
    this.filters.set(filter.id, filter);
    return filter;
  }

  get(id: string): GmailFilter {
    const f = this.filters.get(id);
    if (!f) throw errors.notFound();
    return f;
  }

  remove(id: string): void {
    if (!this.filters.delete(id)) throw errors.notFound();
  }

  /** The label changes all matching filters make, in creation order. */
  apply(subject: FilterSubject): { add: string[]; remove: string[] } {
    const add: string[] = [];
    const remove: string[] = [];
    for (const f of this.filters.values()) {
      if (!matches(f.criteria, subject)) continue;
      add.push(...(f.action.addLabelIds ?? []));
      remove.push(...(f.action.removeLabelIds ?? []));
    }
    return { add, remove };
  }
}

function matches(c: GmailFilter['criteria'], s: FilterSubject): boolean {
  const has = (hay: string, needle?: string) => !needle || hay.toLowerCase().includes(needle.toLowerCase());
  if (!has(s.from, c.from) || !has(s.to, c.to) || !has(s.subject, c.subject)) return false;
  const words = (q?: string) => (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const q = words(c.query);
  if (q.length && !q.every((w) => s.text.includes(w))) return false;
  const nq = words(c.negatedQuery);
  if (nq.length && nq.every((w) => s.text.includes(w))) return false;
  return true;
}
