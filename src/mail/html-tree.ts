// A small, lenient HTML parser without a DOM, for turning HTML into plain text in Node
// and workers (SEND-3). It is not a sanitizer and its output is never rendered: it only
// has to recover the structure a reader sees — blocks, lists, quotes, links, images —
// from editor output and from the (sanitized) originals quoted in replies. It follows
// the HTML parsing rules that matter for that: void elements, raw-text elements whose
// content is not markup, implied end tags for p/li/td/tr, and stray end tags ignored.
import { decodeHtmlEntities } from './html-entities.js';

export interface HtmlText {
  type: 'text';
  /** Decoded text, whitespace as written. */
  text: string;
}

export interface HtmlElement {
  type: 'element';
  /** Lower-case tag name. */
  name: string;
  /** Lower-case attribute names, decoded values; the first of a repeated name wins. */
  attrs: Map<string, string>;
  children: HtmlNode[];
}

export type HtmlNode = HtmlText | HtmlElement;

/** HTML § void elements: never have content or an end tag. */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/** Raw-text elements whose content is dropped: none of it is something a reader sees. */
const DROPPED_RAW = new Set([
  'script',
  'style',
  'title',
  'textarea',
  'xmp',
  'noscript',
  'template',
  'iframe',
  'noembed',
  'noframes',
]);

/** Elements whose start tag closes an open <p> (HTML § "close a p element"). */
const CLOSES_P = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);

/** Implied end tags: opening the key closes an open element of these names, up to a boundary. */
const IMPLIED: Record<string, { closes: string[]; boundary: string[] }> = {
  li: { closes: ['li'], boundary: ['ul', 'ol', 'menu', 'dir'] },
  dt: { closes: ['dt', 'dd'], boundary: ['dl'] },
  dd: { closes: ['dt', 'dd'], boundary: ['dl'] },
  td: { closes: ['td', 'th'], boundary: ['tr', 'table'] },
  th: { closes: ['td', 'th'], boundary: ['tr', 'table'] },
  tr: { closes: ['tr', 'td', 'th'], boundary: ['table', 'tbody', 'thead', 'tfoot'] },
};

const TAG_NAME = /^[a-zA-Z][^\s/>]*/;
const ATTRIBUTE = /^([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?/;

class TreeBuilder {
  readonly root: HtmlElement = { type: 'element', name: '#root', attrs: new Map(), children: [] };
  private readonly stack: HtmlElement[] = [this.root];

  private get current(): HtmlElement {
    return this.stack[this.stack.length - 1] ?? this.root;
  }

  text(text: string): void {
    if (!text) return;
    const last = this.current.children[this.current.children.length - 1];
    if (last?.type === 'text') last.text += text;
    else this.current.children.push({ type: 'text', text });
  }

  open(name: string, attrs: Map<string, string>, selfClosing: boolean): void {
    if (CLOSES_P.has(name) && this.current.name === 'p') this.stack.pop();
    const implied = IMPLIED[name];
    if (implied) {
      for (let i = this.stack.length - 1; i > 0; i--) {
        const open = this.stack[i]?.name ?? '';
        if (implied.boundary.includes(open)) break;
        if (implied.closes.includes(open)) {
          this.stack.length = i;
          break;
        }
      }
    }
    const el: HtmlElement = { type: 'element', name, attrs, children: [] };
    this.current.children.push(el);
    if (!VOID.has(name) && !selfClosing) this.stack.push(el);
  }

  close(name: string): void {
    for (let i = this.stack.length - 1; i > 0; i--) {
      if (this.stack[i]?.name === name) {
        this.stack.length = i;
        return;
      }
    }
    // A stray end tag closes nothing; </br> and </p> alone are read as <br> and <p></p>.
    if (name === 'br') this.open('br', new Map(), true);
    else if (name === 'p') this.open('p', new Map(), true);
  }
}

function parseAttributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  let rest = source;
  for (;;) {
    rest = rest.replace(/^[\s/]+/, '');
    const m = ATTRIBUTE.exec(rest);
    if (!m) break;
    const name = (m[1] ?? '').toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeHtmlEntities(m[2] ?? m[3] ?? m[4] ?? ''));
    rest = rest.slice(m[0].length);
  }
  return attrs;
}

/** The end of a tag that starts at `from`: the first `>` outside quoted attribute values. */
function tagEnd(html: string, from: number): number {
  let quote = '';
  for (let i = from; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      // Quotes only open a value right after "=" (possibly spaced); elsewhere they are text.
      if (/=\s*$/.test(html.slice(Math.max(from, i - 8), i))) quote = c;
    } else if (c === '>') return i;
  }
  return html.length;
}

/** Parses HTML (a fragment or a whole document) into a tree under a `#root` element. */
export function parseHtml(html: string): HtmlElement {
  const tree = new TreeBuilder();
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      tree.text(decodeHtmlEntities(html.slice(i)));
      break;
    }
    if (lt > i) tree.text(decodeHtmlEntities(html.slice(i, lt)));
    const next = html[lt + 1] ?? '';
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
    } else if (next === '!' || next === '?') {
      const end = html.indexOf('>', lt);
      i = end < 0 ? html.length : end + 1;
    } else if (next === '/' && TAG_NAME.test(html.slice(lt + 2, lt + 3))) {
      const end = tagEnd(html, lt);
      const name = TAG_NAME.exec(html.slice(lt + 2, end))?.[0].toLowerCase() ?? '';
      tree.close(name);
      i = end + 1;
    } else if (TAG_NAME.test(next)) {
      const end = tagEnd(html, lt);
      const inner = html.slice(lt + 1, end);
      const name = TAG_NAME.exec(inner)?.[0] ?? '';
      const lower = name.toLowerCase();
      i = end + 1;
      if (DROPPED_RAW.has(lower)) {
        const close = html.toLowerCase().indexOf(`</${lower}`, i);
        i = close < 0 ? html.length : tagEnd(html, close) + 1;
        continue;
      }
      // HTML ignores "/>" on non-void elements: <div/> opens a div.
      tree.open(lower, parseAttributes(inner.slice(name.length)), false);
    } else {
      tree.text('<');
      i = lt + 1;
    }
  }
  return tree.root;
}
