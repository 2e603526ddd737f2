import { html } from 'lit';
import type { TextSegment } from '../../state/types.js';

/**
 * SEARCH-6: highlighted text as text nodes and <mark> elements made by the template; the
 * segments' text is never parsed as HTML, so a hostile subject stays visible text.
 */
export function renderSegments(segments: readonly TextSegment[]) {
  return segments.map((s) => (s.hit ? html`<mark>${s.text}</mark>` : s.text));
}
