import { css, html } from 'lit';
import type { Tag } from '../../state/types.js';

const COLOR = /^#[0-9a-f]{6}$/i;
/** Shown for a colour that is not `#rrggbb` (a definition can only hold those; belt and braces). */
const FALLBACK = '#808080';

export function safeColor(color: string): string {
  return COLOR.test(color) ? color : FALLBACK;
}

/** A tag as a chip: a colour swatch and the name as text (TAG-1). */
export function tagChip(tag: Tag) {
  return html`<span class="tag" data-testid="tag-chip" data-keyword=${tag.keyword}
    ><span class="swatch" style="background:${safeColor(tag.color)}"></span
    ><bdi>${tag.name}</bdi></span
  >`;
}

/** A tag query for the search box: by name, quoted; by keyword when the name has a quote. */
export function tagQuery(tag: Tag): string {
  return tag.name.includes('"') ? `tag:${tag.keyword}` : `tag:"${tag.name}"`;
}

export const chipStyles = css`
  .tag {
    display: inline-flex;
    align-items: center;
    gap: 0.25em;
    max-width: 10em;
    padding: 0 0.4em;
    border: 1px solid var(--bz-border, #ccc);
    border-radius: 1em;
    font-size: 0.8em;
    line-height: 1.4;
    white-space: nowrap;
  }
  .tag bdi {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .swatch {
    display: inline-block;
    flex: none;
    width: 0.7em;
    height: 0.7em;
    border-radius: 50%;
  }
`;
