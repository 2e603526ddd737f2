// Inline SVG icons (decorative: aria-hidden; the button around them carries the name).
import { svg } from 'lit';
import type { SVGTemplateResult } from 'lit';

const icon = (d: SVGTemplateResult) =>
  svg`<svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${d}</svg>`;

export const icons = {
  paperclip: icon(
    svg`<path d="M21 12.5l-8.5 8.5a5 5 0 0 1-7-7L14 5.5a3.5 3.5 0 0 1 5 5L10.5 19a2 2 0 0 1-3-3L15 8.5"/>`,
  ),
  warning: icon(svg`<path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18v.5"/>`),
  folder: icon(svg`<path d="M3 6h6l2 2h10v11H3z"/>`),
  inbox: icon(svg`<path d="M3 13l3-8h12l3 8v6H3z"/><path d="M3 13h5l1 3h6l1-3h5"/>`),
  trash: icon(svg`<path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13"/>`),
  send: icon(svg`<path d="M3 11l18-8-8 18-2-8z"/>`),
  draft: icon(svg`<path d="M4 20h4L20 8l-4-4L4 16z"/>`),
  template: icon(svg`<path d="M5 3h14v18H5zM8 8h8M8 12h8M8 16h5"/>`),
  spam: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M6 6l12 12"/>`),
  upload: icon(svg`<path d="M12 16V4M7 9l5-5 5 5M4 20h16"/>`),
  archive: icon(svg`<path d="M3 4h18v4H3zM5 8v12h14V8M10 12h4"/>`),
  documents: icon(svg`<path d="M6 3h8l4 4v14H6zM14 3v4h4"/>`),
  settings: icon(
    svg`<circle cx="12" cy="12" r="3"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2"/>`,
  ),
  help: icon(
    svg`<circle cx="12" cy="12" r="9"/><path d="M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17v.5"/>`,
  ),
  more: icon(
    svg`<circle cx="5" cy="12" r="1"/><circle cx="12" cy="12" r="1"/><circle cx="19" cy="12" r="1"/>`,
  ),
  print: icon(svg`<path d="M7 9V3h10v6M7 17H4V9h16v8h-3M7 14h10v7H7z"/>`),
  close: icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`),
  back: icon(svg`<path d="M15 5l-7 7 7 7"/>`),
  reply: icon(svg`<path d="M10 8L4 13l6 5M4 13h10a6 6 0 0 1 6 6"/>`),
  replyAll: icon(svg`<path d="M8 8l-5 5 5 5M13 8l-5 5 5 5M8 13h7a6 6 0 0 1 6 6"/>`),
  forward: icon(svg`<path d="M14 8l6 5-6 5M20 13H10a6 6 0 0 0-6 6"/>`),
  file: icon(svg`<path d="M6 3h8l4 4v14H6z"/>`),
  image: icon(
    svg`<rect x="3" y="4" width="18" height="16"/><circle cx="9" cy="10" r="2"/><path d="M21 17l-6-6-9 9"/>`,
  ),
  mail: icon(svg`<rect x="3" y="5" width="18" height="14"/><path d="M3 6l9 7 9-7"/>`),
  comment: icon(svg`<path d="M4 5h16v11H10l-5 4v-4H4z"/>`),
  user: icon(svg`<circle cx="12" cy="8" r="4"/><path d="M4 21c1-4 4-6 8-6s7 2 8 6"/>`),
  contacts: icon(
    svg`<path d="M6 3h13v18H6zM4 7h3M4 12h3M4 17h3"/><circle cx="12.5" cy="9.5" r="2.5"/><path d="M9 16.5c.7-1.8 2-2.7 3.5-2.7s2.8.9 3.5 2.7"/>`,
  ),
  refresh: icon(svg`<path d="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7"/>`),
};

export type IconName = keyof typeof icons;
