import type { Body, Link, Thread } from '../../core/message.ts';
import type { Limits } from '../limits.ts';
import { keepHtmlDocument } from './html-document.ts';
import { renderHtml, tidy } from './html-render.ts';
import { findTextUrls, makeLink } from './links.ts';
import { threadSplits } from './threads.ts';

/**
 * The body: HTML rendered to display and inner text, links from the HTML then new ones from the plain part
 * (at most maxUrls in all), and the text split into the current thread and the quoted earlier ones, each
 * with the links written in it. With `htmlDocument` the HTML's DOM is built in the same pass and kept for
 * the rules (./html-document.ts).
 */
export function buildBody(
  plain: string | null,
  html: string | null,
  limits: Limits,
  warnings: string[],
  options: { htmlDocument?: boolean } = {},
): { body: Body; truncated: boolean } {
  let truncated = false;
  let linksCapped = false;
  let budget = limits.maxUrls;
  const positioned: { link: Link; offset: number }[] = [];
  let bodyHtml: Body['html'] = null;
  let threadText: string;
  if (html !== null) {
    const r = renderHtml(html, budget, { document: options.htmlDocument });
    if (r.linksCapped) linksCapped = true;
    if (r.cutShort) {
      warnings.push('html rendering stopped at the element or nesting cap');
      truncated = true;
    }
    bodyHtml = { raw: html, display_text: r.displayText, inner_text: r.innerText, forms: r.forms };
    if (r.document) keepHtmlDocument(bodyHtml, html, r.document);
    for (const l of r.links) positioned.push({ link: makeLink(l.href, l.text, 'html', l.visible), offset: l.offset });
    budget -= r.links.length;
    threadText = r.rawDisplay;
  } else {
    threadText = plain ?? '';
  }
  // Plain-text URLs: from the plain part, skipping those the HTML already links to.
  const seen = new Set(positioned.map((p) => p.link.href_url.url));
  const plainSource = plain ?? '';
  // Ask for up to the whole cap: duplicates of HTML links are skipped, so fewer may be new.
  for (const u of findTextUrls(plainSource, limits.maxUrls)) {
    if (seen.has(u.url) || seen.has(u.raw)) continue;
    if (budget <= 0) {
      linksCapped = true;
      break;
    }
    seen.add(u.url);
    // Offsets of plain links only line up with the thread text when there is no HTML.
    positioned.push({ link: makeLink(u.url, u.raw, 'plain', true), offset: html === null ? u.index : Number.MAX_SAFE_INTEGER });
    budget--;
  }
  if (linksCapped) {
    warnings.push(`links capped at maxUrls=${limits.maxUrls}`);
    truncated = true;
  }
  const threads = splitThreads(threadText, positioned);
  return {
    body: {
      plain: plain === null ? null : { raw: plain },
      html: bodyHtml,
      current_thread: threads[0]!,
      previous_threads: threads.slice(1),
      links: positioned.map((p) => p.link),
    },
    truncated,
  };
}

function splitThreads(text: string, links: { link: Link; offset: number }[]): Thread[] {
  const splits = threadSplits(text);
  const bounds = [0, ...splits, Infinity];
  const threads: Thread[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const start = bounds[i]!;
    const end = bounds[i + 1]!;
    const inThread = links.filter((l) => (i === 0 && l.offset >= Number.MAX_SAFE_INTEGER) || (l.offset >= start && l.offset < end && l.offset < Number.MAX_SAFE_INTEGER));
    threads.push({ text: tidy(text.slice(start, end === Infinity ? undefined : end)), links: inThread.map((l) => l.link) });
  }
  return threads;
}
