// PWA-4 probes over Chromium's own accessibility tree (CDP Accessibility.getFullAXTree):
// what a screen reader is given, not what the DOM says. The mail's sandboxed frames are
// left out: they hold the message's content, not the app's controls.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

/** Roles a user operates; each must have a name a screen reader can speak. */
const INTERACTIVE_ROLES = new Set([
  'button',
  'link',
  'checkbox',
  'radio',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'option',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'tab',
  'switch',
  'slider',
  'spinbutton',
  'treeitem',
]);
/**
 * Grid cells and rows count when they take focus, or when they sit in a grid: the
 * message list keeps focus on the grid and moves aria-activedescendant over its rows,
 * so a row is what a screen reader announces as focused.
 */
const FOCUSABLE_ONLY_ROLES = new Set(['gridcell', 'row']);
const GRID_ROLES = new Set(['grid', 'treegrid']);

interface AXValue {
  value?: unknown;
}
interface AXProperty {
  name: string;
  value: AXValue;
}
interface AXNode {
  nodeId: string;
  ignored: boolean;
  role?: AXValue;
  name?: AXValue;
  properties?: AXProperty[];
  parentId?: string;
  backendDOMNodeId?: number;
}

export interface UnnamedControl {
  role: string;
  /** The DOM element, e.g. `BUTTON class="icon" title=""`, to find it in the source. */
  element: string;
}

export interface ControlAudit {
  /** "role: name" of every named control, to show the probe saw the screen. */
  named: string[];
  unnamed: UnnamedControl[];
}

export async function axSession(context: BrowserContext, page: Page): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Accessibility.enable');
  await cdp.send('DOM.enable');
  return cdp;
}

function isFocusable(n: AXNode): boolean {
  return n.properties?.some((p) => p.name === 'focusable' && p.value.value === true) ?? false;
}

function inGrid(n: AXNode, byId: Map<string, AXNode>): boolean {
  for (let p = n.parentId ? byId.get(n.parentId) : undefined; p;) {
    if (GRID_ROLES.has(String(p.role?.value ?? ''))) return true;
    p = p.parentId ? byId.get(p.parentId) : undefined;
  }
  return false;
}

function needsName(n: AXNode, byId: Map<string, AXNode>): boolean {
  const role = String(n.role?.value ?? '');
  if (INTERACTIVE_ROLES.has(role)) return true;
  return FOCUSABLE_ONLY_ROLES.has(role) && (isFocusable(n) || inGrid(n, byId));
}

/**
 * Every control of the page (main frame, shadow roots included, mail frames excluded)
 * exposed to assistive technology, split by whether its accessible name is empty.
 */
export async function auditControls(cdp: CDPSession): Promise<ControlAudit> {
  // Without a frameId the tree is the main frame's only: an iframe is one node, and the
  // mail documents inside the sandboxed frames are not walked.
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const audit: ControlAudit = { named: [], unnamed: [] };
  for (const n of nodes) {
    if (n.ignored || !needsName(n, byId)) continue;
    const role = String(n.role?.value);
    const name = String(n.name?.value ?? '').trim();
    if (name !== '') audit.named.push(`${role}: ${name}`);
    else audit.unnamed.push({ role, element: await describe(cdp, n.backendDOMNodeId) });
  }
  return audit;
}

async function describe(cdp: CDPSession, backendNodeId: number | undefined): Promise<string> {
  if (backendNodeId === undefined) return '(no DOM node)';
  const { node } = (await cdp.send('DOM.describeNode', { backendNodeId })) as {
    node: { nodeName: string; attributes?: string[] };
  };
  const attrs = node.attributes ?? [];
  const pairs: string[] = [];
  for (let i = 0; i + 1 < attrs.length; i += 2) pairs.push(`${attrs[i]}="${attrs[i + 1]}"`);
  return [node.nodeName, ...pairs].join(' ');
}

/**
 * The custom elements that hold the focused element, outermost first (the focus is
 * followed through open shadow roots), e.g. ["BZ-APP", "BZ-TOOLBAR"].
 */
export function focusedHosts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const hosts: string[] = [];
    let el: Element | null = document.activeElement;
    while (el) {
      if (el.tagName.includes('-')) hosts.push(el.tagName);
      const inner: Element | null = el.shadowRoot?.activeElement ?? null;
      if (!inner) {
        hosts.push(el.tagName);
        break;
      }
      el = inner;
    }
    return hosts;
  });
}
