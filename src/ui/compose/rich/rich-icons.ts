// Toolbar icons (decorative: aria-hidden; each button carries its name in aria-label).
import { svg } from 'lit';
import type { SVGTemplateResult } from 'lit';

const icon = (d: SVGTemplateResult) =>
  svg`<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${d}</svg>`;

export const richIcons = {
  alignLeft: icon(svg`<path d="M4 6h16M4 10h10M4 14h16M4 18h10"/>`),
  alignCenter: icon(svg`<path d="M4 6h16M7 10h10M4 14h16M7 18h10"/>`),
  alignRight: icon(svg`<path d="M4 6h16M10 10h10M4 14h16M10 18h10"/>`),
  alignJustify: icon(svg`<path d="M4 6h16M4 10h16M4 14h16M4 18h16"/>`),
  bulletList: icon(
    svg`<path d="M9 6h11M9 12h11M9 18h11"/><circle cx="4.5" cy="6" r="1"/><circle cx="4.5" cy="12" r="1"/><circle cx="4.5" cy="18" r="1"/>`,
  ),
  orderedList: icon(svg`<path d="M10 6h10M10 12h10M10 18h10M4 4.5l1.5-.5v4M3.5 14h3l-3 4h3"/>`),
  quote: icon(svg`<path d="M5 5v14M9 8h10M9 12h10M9 16h7"/>`),
  link: icon(
    svg`<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>`,
  ),
  image: icon(
    svg`<rect x="3" y="4" width="18" height="16"/><circle cx="9" cy="10" r="2"/><path d="M21 17l-6-6-9 9"/>`,
  ),
  clear: icon(svg`<path d="M6 5h12M12 5l-3 14M4 20l16-16"/>`),
  undo: icon(svg`<path d="M9 14L4 9l5-5M4 9h11a5 5 0 0 1 0 10h-3"/>`),
  redo: icon(svg`<path d="M15 14l5-5-5-5M20 9H9a5 5 0 0 0 0 10h3"/>`),
};
