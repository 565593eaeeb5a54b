import type { Document } from 'domhandler';
import { Parser } from 'htmlparser2';
import { alsoBuildDocument } from './html-document.ts';

/** A link found in HTML, before it becomes a model Link. */
export interface HtmlLink {
  href: string;
  text: string;
  visible: boolean;
  /** Position in the rendered text where the anchor starts (to split links by thread). */
  offset: number;
}

/** A <form> in the body: not a link, but detectors want to know where it posts and what it asks for. */
export interface HtmlForm {
  action: string | null;
  method: string | null;
  input_types: string[];
}

export interface RenderedHtml {
  /** Rendered text before blank space is tidied: link offsets point into this. */
  rawDisplay: string;
  displayText: string;
  innerText: string;
  links: HtmlLink[];
  forms: HtmlForm[];
  /** Set when the element caps stopped rendering early. */
  cutShort: boolean;
  /** Set when links were left out because `maxLinks` was reached. */
  linksCapped: boolean;
  /** The DOM, when asked for and the whole document was read (not cut short). */
  document: Document | null;
}

/**
 * htmlparser2 keeps its open-element stack in an array it unshifts and searches: hostile nesting would make
 * that quadratic. These caps bound it; real mail stays far below them.
 */
export const MAX_HTML_ELEMENTS = 200_000;
export const MAX_HTML_DEPTH = 2_000;

const BLOCK = new Set([
  'p', 'div', 'br', 'tr', 'li', 'ul', 'ol', 'table', 'tbody', 'thead', 'tfoot', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'blockquote', 'hr', 'section', 'article', 'header', 'footer', 'center', 'pre', 'form', 'dl', 'dt', 'dd', 'address',
  'figure', 'figcaption', 'fieldset', 'main', 'nav', 'aside', 'caption', 'title',
]);
const CELL = new Set(['td', 'th']);
/** Never rendered. */
const INVISIBLE = new Set(['head', 'title', 'style', 'script', 'template', 'xml', 'meta', 'link', 'object', 'iframe']);
/** Not text at all: left out of inner_text too. */
const NOT_TEXT = new Set(['style', 'script', 'xml']);
const HIDDEN_STYLE =
  /display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all|font-size\s*:\s*(?:0*\.?0+|[01](?:\.\d+)?px|[01]pt)\s*(?:!important)?\s*(?:;|$)|opacity\s*:\s*0*\.?0+\s*(?:!important)?\s*(?:;|$)|max-height\s*:\s*0(?:px)?\s*(?:!important)?\s*(?:;|$)/i;
const ZERO_BOX = /(?:^|;)\s*(?:height|width)\s*:\s*0(?:px)?\s*(?:!important)?\s*(?:;|$)/i;
const OVERFLOW_HIDDEN = /overflow\s*:\s*hidden/i;

class Abort extends Error {}

/** Renders HTML the way a mail client would show it, keeping hidden text apart; collects links and forms. */
export function renderHtml(html: string, maxLinks: number, options: { document?: boolean } = {}): RenderedHtml {
  const display: string[] = [];
  const inner: string[] = [];
  let displayLen = 0;
  const links: HtmlLink[] = [];
  const forms: HtmlForm[] = [];
  // One entry per open element: does it hide its content, is it a non-text element.
  const stack: { tag: string; hides: boolean; noText: boolean }[] = [];
  let hiddenDepth = 0;
  let noTextDepth = 0;
  let preDepth = 0;
  let elements = 0;
  let anchor: { href: string; parts: string[]; visible: boolean; offset: number } | null = null;
  let form: HtmlForm | null = null;
  let cutShort = false;
  let linksCapped = false;

  const newline = () => {
    display.push('\n');
    inner.push('\n');
    displayLen++;
  };

  const callbacks = {
    onopentag(name: string, attribs: Record<string, string>) {
      if (++elements > MAX_HTML_ELEMENTS || stack.length >= MAX_HTML_DEPTH) throw new Abort();
      const style = attribs.style ?? '';
      const hides =
        INVISIBLE.has(name) ||
        'hidden' in attribs ||
        (name === 'input' && (attribs.type ?? '').toLowerCase() === 'hidden') ||
        (style !== '' && (HIDDEN_STYLE.test(style) || (ZERO_BOX.test(style) && OVERFLOW_HIDDEN.test(style))));
      const noText = NOT_TEXT.has(name);
      stack.push({ tag: name, hides, noText });
      if (hides) hiddenDepth++;
      if (noText) noTextDepth++;
      if (name === 'pre') preDepth++;
      if (BLOCK.has(name)) newline();
      else if (CELL.has(name)) {
        display.push(' ');
        inner.push(' ');
        displayLen++;
      }
      const isLink = (name === 'a' || name === 'area') && attribs.href !== undefined;
      if (isLink && links.length >= maxLinks) linksCapped = true;
      else if (isLink) {
        const href = attribs.href.trim();
        if (name === 'area') links.push({ href, text: attribs.alt ?? '', visible: hiddenDepth === 0, offset: displayLen });
        else anchor = { href, parts: [], visible: hiddenDepth === 0, offset: displayLen };
      } else if (name === 'form') {
        form = { action: attribs.action ?? null, method: attribs.method?.toLowerCase() ?? null, input_types: [] };
        if (forms.length < 100) forms.push(form);
      } else if ((name === 'input' || name === 'textarea' || name === 'select') && form && form.input_types.length < 100) {
        form.input_types.push(name === 'input' ? (attribs.type ?? 'text').toLowerCase() : name);
      }
    },
    ontext(raw: string) {
      if (noTextDepth > 0) return;
      const text = preDepth > 0 ? raw : raw.replace(/[ \t\r\n\f]+/g, ' ');
      inner.push(text);
      if (hiddenDepth === 0) {
        display.push(text);
        displayLen += text.length;
      }
      if (anchor && hiddenDepth === 0) anchor.parts.push(text);
    },
    onclosetag(name: string) {
      const top = stack.pop();
      if (top) {
        if (top.hides) hiddenDepth--;
        if (top.noText) noTextDepth--;
        if (top.tag === 'pre') preDepth--;
      }
      if (name === 'a' && anchor) {
        links.push({ href: anchor.href, text: anchor.parts.join('').trim(), visible: anchor.visible, offset: anchor.offset });
        anchor = null;
      } else if (name === 'form') form = null;
      if (BLOCK.has(name) && name !== 'br' && name !== 'hr') newline();
    },
  };
  // The rules' DOM from the same events, when asked for (./html-document.ts): one tokenization, not two.
  const withDocument = options.document ? alsoBuildDocument(callbacks) : null;
  const parser = new Parser(withDocument?.handler ?? callbacks, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  try {
    parser.write(html);
    parser.end();
  } catch (err) {
    if (!(err instanceof Abort)) throw err;
    cutShort = true;
  }
  // An anchor left open at the end of the document still links somewhere.
  const open = anchor as { href: string; parts: string[]; visible: boolean; offset: number } | null;
  if (open) links.push({ href: open.href, text: open.parts.join('').trim(), visible: open.visible, offset: open.offset });
  const rawDisplay = display.join('');
  const document = withDocument && !cutShort ? withDocument.document() : null;
  return { rawDisplay, displayText: tidy(rawDisplay), innerText: tidy(inner.join('')), links, forms, cutShort, linksCapped, document };
}

/** Collapses the blank space block elements leave behind, linearly. */
export function tidy(text: string): string {
  return text
    .replace(/[ \t\u00a0]*\n[ \t\u00a0]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
