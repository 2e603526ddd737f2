// SEND-3: the plain-text alternative of a rich message — what a reader of the HTML part
// sees, as text: paragraphs apart by a blank line, <br> as a line break, "- " and "1. "
// list items (nested lists two spaces in), "> " quotes, links as "text <url>", images
// as "[alt]". Pure (no DOM), so it runs in Node tests and workers alike. Lines are not
// wrapped (format=flowed is not used) and carry no trailing spaces, except the "-- "
// signature separator, whose trailing space is what makes it one (RFC 3676 §4.3).
import { parseHtml } from './html-tree.js';
import type { HtmlElement, HtmlNode } from './html-tree.js';

/** Elements a browser lays out as blocks: their content starts and ends a paragraph. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
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
  'html',
  'legend',
  'main',
  'menu',
  'nav',
  'p',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
]);

/** Content a reader never sees. */
const UNSEEN = new Set([
  'head',
  'select',
  'datalist',
  'object',
  'embed',
  'audio',
  'video',
  'canvas',
  'svg',
  'math',
]);
const HIDDEN_STYLE = /(?:^|;)\s*display\s*:\s*none\s*(?:!important\s*)?(?:;|$)/i;

/** Link schemes worth printing: the reader of the text can follow these. */
const PRINTABLE_LINK = /^(?:https?:|mailto:|ftp:)/i;

/** RFC 3676 §4.3 separator, possibly inside quotes: its trailing space is kept. */
const SIGNATURE_SEPARATOR = /^(?:> ?)*-- $/;

const HORIZONTAL_RULE = '----';

type Block = string[];

function trimLine(line: string): string {
  return SIGNATURE_SEPARATOR.test(line) ? line : line.trimEnd();
}

/** Collects inline text and the blocks it forms. */
class Writer {
  readonly blocks: Block[] = [];
  /** Inline text of the paragraph being written; "\n" is a <br>. */
  private inline = '';
  /** Blocks pushed so far: a link whose content pushed one spans blocks. */
  pushes = 0;
  /** The last block is a run of table rows, which stay together line by line. */
  private rows = false;

  constructor(private readonly pre = false) {}

  get length(): number {
    return this.inline.length;
  }

  since(start: number): string {
    return this.inline.slice(start);
  }

  text(s: string): void {
    if (this.pre) {
      this.inline += s;
      return;
    }
    let collapsed = s.replace(/[ \t\n\r\f]+/g, ' ');
    if (collapsed.startsWith(' ') && /(?:^|[ \n])$/.test(this.inline))
      collapsed = collapsed.slice(1);
    this.inline += collapsed;
  }

  br(): void {
    this.inline += '\n';
  }

  flush(): void {
    const raw = this.inline;
    this.inline = '';
    const lines = raw
      .split('\n')
      .map((l) => trimLine((this.pre ? l : l.replace(/^ +/, '')).replace(/\u00A0/g, ' ')));
    while (lines[0] === '') lines.shift();
    while (lines[lines.length - 1] === '') lines.pop();
    if (lines.length > 0) this.push(lines);
  }

  block(lines: Block): void {
    this.flush();
    if (lines.length > 0) this.push(lines);
  }

  /** A table row of inline cells: consecutive rows form one block, as in a table. */
  row(line: string): void {
    this.flush();
    const last = this.blocks[this.blocks.length - 1];
    if (this.rows && last) last.push(line);
    else this.push([line]);
    this.rows = true;
  }

  private push(lines: Block): void {
    this.blocks.push(lines);
    this.pushes++;
    this.rows = false;
  }
}

/** Blocks as lines, a blank line between blocks. */
function joinBlocks(blocks: Block[]): string[] {
  return blocks.flatMap((b, i) => (i === 0 ? b : ['', ...b]));
}

function isHidden(el: HtmlElement): boolean {
  return (
    UNSEEN.has(el.name) || el.attrs.has('hidden') || HIDDEN_STYLE.test(el.attrs.get('style') ?? '')
  );
}

/** "https://a.es/" and "a.es" name the same place; so do "mailto:b@a.es" and "b@a.es". */
function sameUrl(text: string, href: string): boolean {
  const norm = (u: string) =>
    u
      .trim()
      .toLowerCase()
      .replace(/^(?:https?:\/\/|mailto:)/, '')
      .replace(/\/$/, '');
  return norm(text) === norm(href);
}

function renderLink(el: HtmlElement, w: Writer): void {
  const href = (el.attrs.get('href') ?? '').trim();
  const start = w.length;
  const pushes = w.pushes;
  renderChildren(el, w);
  // A link around blocks keeps its text only: there is no single line to put the URL on.
  if (!PRINTABLE_LINK.test(href) || w.pushes !== pushes) return;
  const text = w.since(start).trim();
  if (!text) w.text(href);
  else if (!sameUrl(text, href)) w.text(` <${href}>`);
}

function itemLines(marker: string, lines: string[]): string[] {
  if (lines.length === 0) return [marker.trimEnd()];
  const [first = '', ...rest] = lines;
  return [trimLine(marker + first), ...rest.map((l) => (l ? `  ${l}` : l))];
}

function listLines(list: HtmlElement): Block {
  const ordered = list.name === 'ol';
  const start = Number.parseInt(list.attrs.get('start') ?? '1', 10);
  let n = Number.isFinite(start) ? start : 1;
  const out: string[] = [];
  for (const child of list.children) {
    if (child.type === 'text' && !child.text.trim()) continue;
    if (child.type === 'element' && child.name === 'li') {
      out.push(...itemLines(ordered ? `${n++}. ` : '- ', liLines(child)));
    } else {
      // Stray content in a list (often a nested list outside any <li>) sits under the items.
      const inner = new Writer();
      renderNode(child, inner);
      inner.flush();
      out.push(...inner.blocks.flat().map((l) => (l ? `  ${l}` : l)));
    }
  }
  return out;
}

function quoteLines(quote: HtmlElement): Block {
  const inner = new Writer();
  renderChildren(quote, inner);
  inner.flush();
  return joinBlocks(inner.blocks).map((l) => (l ? `> ${l}` : '>'));
}

/** A row whose cells are each at most one line becomes one line, cells apart by a tab. */
function renderRow(row: HtmlElement, w: Writer): void {
  const cells = row.children.filter((c): c is HtmlElement => c.type === 'element' && !isHidden(c));
  const rendered = cells.map((cell) => {
    const inner = new Writer();
    renderChildren(cell, inner);
    inner.flush();
    return inner.blocks;
  });
  if (rendered.every((blocks) => blocks.length <= 1 && (blocks[0]?.length ?? 0) <= 1)) {
    const line = rendered
      .map((b) => b[0]?.[0] ?? '')
      .filter(Boolean)
      .join('\t');
    if (line) w.row(line);
    return;
  }
  for (const blocks of rendered) for (const b of blocks) w.block(b);
}

function renderNode(node: HtmlNode, w: Writer): void {
  if (node.type === 'text') return w.text(node.text);
  if (isHidden(node)) return;
  switch (node.name) {
    case 'br':
      return w.br();
    case 'img': {
      const alt = (node.attrs.get('alt') ?? '').trim();
      if (alt) w.text(`[${alt}]`);
      return;
    }
    case 'a':
      return renderLink(node, w);
    case 'ul':
    case 'ol':
      return w.block(listLines(node));
    case 'li':
      // An item outside a list is still read as a bullet.
      return w.block(itemLines('- ', liLines(node)));
    case 'blockquote':
      return w.block(quoteLines(node));
    case 'pre': {
      const inner = new Writer(true);
      renderChildren(node, inner);
      inner.flush();
      return w.block(joinBlocks(inner.blocks));
    }
    case 'hr':
      return w.block([HORIZONTAL_RULE]);
    case 'tr':
      return renderRow(node, w);
  }
  if (BLOCKS.has(node.name)) {
    w.flush();
    renderChildren(node, w);
    w.flush();
    return;
  }
  renderChildren(node, w);
}

function liLines(li: HtmlElement): string[] {
  const inner = new Writer();
  renderChildren(li, inner);
  inner.flush();
  return inner.blocks.flat();
}

function renderChildren(el: HtmlElement, w: Writer): void {
  for (const child of el.children) renderNode(child, w);
}

/** SEND-3: the faithful plain-text alternative of an HTML body, lines joined by "\n". */
export function htmlToText(html: string): string {
  const w = new Writer();
  renderChildren(parseHtml(html.replace(/\r\n?/g, '\n')), w);
  w.flush();
  return joinBlocks(w.blocks).map(trimLine).join('\n');
}
