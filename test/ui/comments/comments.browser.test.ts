// COMMENT-1 in the app: write, edit and remove a private comment from the reader; the list
// row shows an icon labelled with the comment (text only); the hidden folder never shows.
import { afterEach, describe, expect, it } from 'vitest';
import { COMMENTS_FOLDER_ID } from '../../../src/mail/comment-folder.js';
import { buttonIn, deepAll, must, until } from '../harness.js';
import { mountSearchApp } from '../search/mount.js';
import type { SearchApp } from '../search/mount.js';

let mounted: SearchApp | undefined;
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

const rowNow = (subject: string) =>
  deepAll('[data-testid="message-list-item"]').find((r) => r.textContent?.includes(subject));
const rowWith = (subject: string) => until(() => rowNow(subject));

describe('comments in the app (COMMENT-1)', () => {
  it('COMMENT-1 a comment written in the reader shows as an icon on the row; edit and remove', async () => {
    mounted = await mountSearchApp([{ subject: 'Presupuesto' }, { subject: 'Otro' }]);
    (await rowWith('Presupuesto')).click();
    (await buttonIn('bz-comment-box', 'Add comment')).click();
    const field = await until(
      () => deepAll<HTMLTextAreaElement>('[data-testid="comment-field"]')[0],
    );
    field.value = 'Llamar <b>a Ana</b> el lunes';
    (await buttonIn('bz-comment-box', 'Save comment')).click();
    const shown = await until(() => deepAll('[data-testid="comment-text"]')[0]);
    expect(shown.textContent).toBe('Llamar <b>a Ana</b> el lunes');
    expect(shown.querySelector('b')).toBeNull();
    const mark = await until(() =>
      must(rowNow('Presupuesto'))
        .querySelector('bz-row-marks')
        ?.shadowRoot?.querySelector('[data-testid="comment-mark"]'),
    );
    expect(mark.getAttribute('aria-label')).toBe('Comment: Llamar <b>a Ana</b> el lunes');
    expect(mark.getAttribute('role')).toBe('img');
    const other = await rowWith('Otro');
    expect(
      other
        .querySelector('bz-row-marks')
        ?.shadowRoot?.querySelector('[data-testid="comment-mark"]'),
    ).toBeNull();
    // The hidden folder holds the comment now, and no folder list shows it.
    expect(await mounted.rows(COMMENTS_FOLDER_ID)).toHaveLength(1);
    expect((await mounted.folders()).some((f) => f.id === COMMENTS_FOLDER_ID)).toBe(false);
    expect(
      deepAll('[data-testid="folder-item"]').some((f) => f.textContent?.includes('Buzón comments')),
    ).toBe(false);
    // Edit.
    (await buttonIn('bz-comment-box', 'Edit comment')).click();
    const again = await until(
      () => deepAll<HTMLTextAreaElement>('[data-testid="comment-field"]')[0],
    );
    expect(again.value).toBe('Llamar <b>a Ana</b> el lunes');
    again.value = 'Hecho';
    (await buttonIn('bz-comment-box', 'Save comment')).click();
    await until(() => deepAll('[data-testid="comment-text"]')[0]?.textContent === 'Hecho');
    // Remove.
    (await buttonIn('bz-comment-box', 'Remove comment')).click();
    await buttonIn('bz-comment-box', 'Add comment');
    await until(
      () =>
        !must(rowNow('Presupuesto'))
          .querySelector('bz-row-marks')
          ?.shadowRoot?.querySelector('[data-testid="comment-mark"]'),
    );
    const left = await mounted.rows(COMMENTS_FOLDER_ID);
    expect(left).toEqual([]);
    must(mounted);
  });
});
