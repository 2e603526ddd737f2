// SEND-3: the plain part of a rich message says what the HTML part says. Inputs are what
// the rich editor (tiptap 3) writes — copied from its getHTML() — and what a reply
// quotes: a sanitized original inside <blockquote type="cite">.
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/mail/html-to-text.js';

/** A message as bz-rich-editor writes it: paragraphs, marks, a link, lists, an image. */
const EDITOR_OUTPUT =
  '<p>Hola <strong>Ana</strong>,</p>' +
  '<p>te paso la <a target="_blank" rel="noopener noreferrer nofollow" href="https://example.com/agenda">agenda</a> ' +
  'de la <em>reunión</em> del <u>martes</u> &amp; el <s>miércoles</s>:</p>' +
  '<ul><li><p>Presupuesto</p></li><li><p>Calendario</p>' +
  '<ul><li><p>enero</p></li><li><p>febrero</p></li></ul></li></ul>' +
  '<ol><li><p>Leer</p></li><li><p>Firmar</p></li></ol>' +
  '<p style="text-align: center;"><span style="font-family: Georgia, serif; color: #c00000;">Importante</span></p>' +
  '<p>Un saludo,<br>Luis</p>' +
  '<p><img src="blob:http://127.0.0.1/4a1f" alt="logo de la empresa" data-content-id="logo.1@buzon"></p>';

describe('htmlToText (SEND-3)', () => {
  it('SEND-3 renders editor output: paragraphs, marks as plain text, link, nested lists, image alt', () => {
    expect(htmlToText(EDITOR_OUTPUT)).toBe(
      [
        'Hola Ana,',
        '',
        'te paso la agenda <https://example.com/agenda> de la reunión del martes & el miércoles:',
        '',
        '- Presupuesto',
        '- Calendario',
        '  - enero',
        '  - febrero',
        '',
        '1. Leer',
        '2. Firmar',
        '',
        'Importante',
        '',
        'Un saludo,',
        'Luis',
        '',
        '[logo de la empresa]',
      ].join('\n'),
    );
  });

  it('SEND-3 a link whose text is its URL is written once; a mailto link to its own address too', () => {
    expect(
      htmlToText(
        '<p><a href="https://buzon.example/">https://buzon.example</a> · ' +
          '<a href="mailto:ana@buzon.example">ana@buzon.example</a> · ' +
          '<a href="mailto:ana@buzon.example">escríbeme</a></p>',
      ),
    ).toBe('https://buzon.example · ana@buzon.example · escríbeme <mailto:ana@buzon.example>');
  });

  it('SEND-5 a reply: attribution, then the quoted original with "> " on every line, nested quotes twice', () => {
    const reply =
      '<p>De acuerdo.</p><p>El 3 de marzo de 2026, Ana &lt;ana@buzon.example&gt; escribió:</p>' +
      '<blockquote type="cite"><div class="bz-mail-body"><p>¿Nos vemos el lunes?</p>' +
      '<p>Primera línea<br>segunda línea</p>' +
      '<blockquote type="cite"><p>Propuesta original</p></blockquote></div></blockquote>';
    expect(htmlToText(reply)).toBe(
      [
        'De acuerdo.',
        '',
        'El 3 de marzo de 2026, Ana <ana@buzon.example> escribió:',
        '',
        '> ¿Nos vemos el lunes?',
        '>',
        '> Primera línea',
        '> segunda línea',
        '>',
        '> > Propuesta original',
      ].join('\n'),
    );
  });

  it('SEND-16 keeps the "-- " signature separator with its trailing space and trims every other line', () => {
    const html =
      '<p>Texto   con   espacios&nbsp;&nbsp;</p><p>--&nbsp;<br>Luis Pérez<br>Tel. 600 000 000 </p>';
    expect(htmlToText(html)).toBe('Texto con espacios\n\n-- \nLuis Pérez\nTel. 600 000 000');
  });

  it('SEND-3 decodes named, decimal and hex references, and windows-1252 numeric ones', () => {
    expect(
      htmlToText('<p>caf&eacute; &#8364;5 &#x1F600; &#150; &copy; &unknown; &lt;b&gt;</p>'),
    ).toBe('café €5 😀 – © &unknown; <b>');
  });

  it('SEND-3 drops what a reader never sees: head, style, script, comments, hidden elements', () => {
    const html =
      '<html><head><title>Boletín</title><style>p{color:red}</style></head><body>' +
      '<!-- tracking --><div style="display:none">texto oculto del preencabezado</div>' +
      '<script>alert(1)</script><p>Visible</p></body></html>';
    expect(htmlToText(html)).toBe('Visible');
  });

  it('SEND-3 lays out a simple table row per line and a layout table cell per paragraph', () => {
    const data =
      '<table><tr><th>Producto</th><th>Precio</th></tr><tr><td>Té</td><td>2 €</td></tr></table>';
    expect(htmlToText(data)).toBe('Producto\tPrecio\nTé\t2 €');
    const layout = '<table><tr><td><p>Columna uno</p><p>más</p></td><td>dos</td></tr></table>';
    expect(htmlToText(layout)).toBe('Columna uno\n\nmás\n\ndos');
  });

  it('SEND-3 copes with sloppy HTML: unclosed <p> and <li>, stray end tags, attributes with ">"', () => {
    const html = '<p>uno<p>dos</span><ul><li>a<li title="x > y">b</ul></div><p>tres';
    expect(htmlToText(html)).toBe('uno\n\ndos\n\n- a\n- b\n\ntres');
  });

  it('SEND-3 numbered lists honour start, and items with several paragraphs stay together', () => {
    const html = '<ol start="4"><li><p>cuatro</p><p>detalle</p></li><li><p>cinco</p></li></ol>';
    expect(htmlToText(html)).toBe('4. cuatro\n  detalle\n5. cinco');
  });

  it('SEND-3 keeps preformatted text as written and empty paragraphs add nothing', () => {
    expect(htmlToText('<p></p><pre>  a   b\n    c</pre><p></p><p>fin</p>')).toBe(
      '  a   b\n    c\n\nfin',
    );
  });

  it('SEND-3 an image without alt text leaves nothing; one inside a link keeps the link', () => {
    expect(htmlToText('<p>antes <img src="cid:x"> después</p>')).toBe('antes después');
    expect(htmlToText('<p><a href="https://a.example/"><img src="cid:y" alt="Logo"></a></p>')).toBe(
      '[Logo] <https://a.example/>',
    );
  });
});
