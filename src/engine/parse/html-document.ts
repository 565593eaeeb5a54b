/**
 * The DOM of a message body's HTML, built from the same token stream the renderer reads (html-render.ts), so
 * the rules' `html.xpath` does not tokenize the whole body a second time. Kept per body (`body.html`), only
 * when the engine was told a loaded rule queries the DOM (ParseOptions.htmlDocument), and only for a body
 * the renderer read to its end: the DOM is then exactly what htmlparser2's `parseDocument(raw)` returns (same
 * parser options, same input, same events; the tests compare the two).
 */
import type { Document } from 'domhandler';
import { DomHandler, type Handler } from 'htmlparser2';

const kept = new WeakMap<object, { raw: string; doc: Document }>();

export function keepHtmlDocument(key: object, raw: string, doc: Document): void {
  kept.set(key, { raw, doc });
}

/** The DOM kept for `key`, when it was built from this very `raw`; else null (build one). */
export function keptHtmlDocument(key: object, raw: string): Document | null {
  const k = kept.get(key);
  return k && k.raw === raw ? k.doc : null;
}

type RenderCallbacks = Required<Pick<Handler, 'onopentag' | 'ontext' | 'onclosetag'>>;

/** The renderer's callbacks with a DomHandler fed the same events; `document()` is the finished DOM. */
export function alsoBuildDocument(render: RenderCallbacks): { handler: Partial<Handler>; document: () => Document } {
  const dom = new DomHandler();
  const handler: Partial<Handler> = {
    onparserinit: (parser) => dom.onparserinit(parser),
    onreset: () => dom.onreset(),
    onend: () => dom.onend(),
    onerror: (error) => dom.onerror(error),
    onopentag(name, attribs, isImplied) {
      render.onopentag(name, attribs, isImplied);
      dom.onopentag(name, attribs);
    },
    ontext(data) {
      render.ontext(data);
      dom.ontext(data);
    },
    onclosetag(name, isImplied) {
      render.onclosetag(name, isImplied);
      dom.onclosetag();
    },
    oncomment: (data) => dom.oncomment(data),
    oncommentend: () => dom.oncommentend(),
    oncdatastart: () => dom.oncdatastart(),
    oncdataend: () => dom.oncdataend(),
    onprocessinginstruction: (name, data) => dom.onprocessinginstruction(name, data),
  };
  return { handler, document: () => dom.root };
}
