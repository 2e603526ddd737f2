// TAG-1 in the app: the Tag dialog, chips on rows and in the reader, the Tags group in the
// tree (click = a tag: search everywhere; drop rows = tag them), over the real services.
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE_IDS_TYPE } from '../../../src/ui/shared/drag.js';
import { buttonIn, deep, deepAll, must, openDialog, until } from '../harness.js';
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
const chipsOf = (row: HTMLElement) =>
  deepAll('[data-testid="tag-chip"]', row).map((c) => c.textContent?.trim());
const tagItem = (name: string) =>
  until(() => deepAll('[data-testid="tag-item"]').find((b) => b.textContent?.trim() === name));

describe('tags in the app (TAG-1)', () => {
  it('TAG-1 the Tag dialog sets a built-in tag and a new one; rows and the reader show the chips', async () => {
    mounted = await mountSearchApp([{ subject: 'Factura marzo' }, { subject: 'Cena' }]);
    (await rowWith('Factura marzo')).click();
    (await buttonIn('bz-list-toolbar', 'Tag…')).click();
    const dialog = await openDialog('bz-tag-dialog');
    const work = await until(() =>
      dialog.querySelector<HTMLInputElement>('input[data-keyword="$label2"]'),
    );
    work.click();
    await until(() => chipsOf(must(rowNow('Factura marzo'))).includes('Work'));
    must(dialog.querySelector<HTMLInputElement>('#new-name')).value = 'Proyecto X';
    must(dialog.querySelector<HTMLButtonElement>('button[type="submit"]')).click();
    await until(() => chipsOf(must(rowNow('Factura marzo'))).includes('Proyecto X'));
    expect(chipsOf(await rowWith('Cena'))).toEqual([]);
    // The keyword is on the stored message, so the server gets it.
    const [row] = (await mounted.rows('inbox')).filter((r) => r.subject === 'Factura marzo');
    const tagsOf = await (await must(mounted.services.tags)()).tagsOf([must(row).id]);
    expect(tagsOf[must(row).id]?.sort()).toEqual(['$label2', 'proyecto_x']);
    // The reader shows them too.
    await until(() => deepAll('[data-testid="reader-tags"] [data-testid="tag-chip"]').length === 2);
    // The tree lists the new tag; a click searches everywhere for it.
    (await tagItem('Proyecto X')).click();
    await until(() => mounted?.search.calls.some((c) => c.request.text === 'tag:"Proyecto X"'));
    expect(mounted.search.calls.at(-1)?.request.folderId).toBeNull();
  });

  it('TAG-1 dropping selected rows on a tag in the tree tags them', async () => {
    mounted = await mountSearchApp([{ subject: 'Uno' }, { subject: 'Dos' }]);
    const ids = (await mounted.rows('inbox')).map((r) => r.id);
    const target = await tagItem('Later');
    const data = new DataTransfer();
    data.setData(MESSAGE_IDS_TYPE, JSON.stringify(ids));
    const li = must(target.closest('li'));
    li.dispatchEvent(
      new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
    li.dispatchEvent(
      new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
    await until(() => chipsOf(must(rowNow('Dos'))).includes('Later'));
    await until(() => chipsOf(must(rowNow('Uno'))).includes('Later'));
    expect(chipsOf(await rowWith('Uno'))).toEqual(['Later']);
  });

  it('TAG-1 Settings recolours a tag and deletes it after saying how many messages carry it', async () => {
    mounted = await mountSearchApp([{ subject: 'Uno' }]);
    const tags = await must(mounted.services.tags)();
    const [row] = await mounted.rows('inbox');
    await tags.setTag([must(row).id], '$label1', true);
    await until(() => chipsOf(must(rowNow('Uno'))).includes('Important'));
    const { BzOpenToolEvent } = await import('../../../src/ui/events/bz-open-tool.js');
    deep('bz-toolbar').dispatchEvent(new BzOpenToolEvent('settings'));
    const item = await until(
      () => deepAll('[data-testid="tag-setting"][data-keyword="$label1"]')[0],
    );
    const color = must(item.querySelector<HTMLInputElement>('input[type="color"]'));
    color.value = '#00ffaa';
    color.dispatchEvent(new Event('change'));
    await until(() =>
      deepAll('.swatch', must(rowNow('Uno')))[0]?.style.background.includes('255, 170'),
    );
    must(item.querySelector<HTMLButtonElement>('button.danger')).click();
    const confirm = await until(() =>
      deepAll('bz-confirm-dialog')
        .flatMap((d) => [...(d.shadowRoot?.querySelectorAll('dialog') ?? [])])
        .find((d) => d.open),
    );
    expect(confirm.textContent).toContain('It will be removed from 1 messages.');
    must(
      [...confirm.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Delete tag'),
    ).click();
    await until(() => chipsOf(must(rowNow('Uno'))).length === 0);
  });
});
