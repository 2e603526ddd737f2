// Outgoing messages for the builder's tests: what a Spanish-speaking user really writes,
// and the nasty corners (long lines, bare CR/LF, Unicode filenames, forwarded .eml).
import type { OutgoingMessage } from '../../../src/mail/mime/index.js';

/** Deterministic pseudo-random bytes (xorshift), so a failure reproduces. */
export function bytesOf(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A 1×1 PNG, as the composer would embed it. */
export const PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  ),
  (c) => c.charCodeAt(0),
);

export const FILENAME_120 =
  'Presupuesto definitivo de la reunión anual — año 2026 — revisión técnica ' +
  'con anexos «ñandú» 日本語 ✓ la versión final 2.pdf';

export const LONG_SUBJECT =
  'Re: Presupuesto del año 2026 para la reunión de coordinación de Peñíscola 🎉 — ' +
  'confirmación de asistencia, menú (¡paella!) y horarios de los autobuses de ida y vuelta, ' +
  'además de una lista larguísima de cosas que se nos olvidaron la última vez 👨‍👩‍👧‍👦';

export const NASTY_TEXT =
  'Primera línea\r\nLF suelto\nCR suelto\rfin\n' +
  `Línea enorme: ${'ñ'.repeat(150)}\n` +
  `ASCII enorme: ${'x'.repeat(2500)}\n` +
  'From the start of a line\n.\n..two dots\n' +
  'trailing spaces   \n\ttab line\t\n' +
  '--=_bz_looks_like_a_boundary\n' +
  'ends without newline';

export function base(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    from: { name: 'José Peña', address: 'jose.pena@ejemplo.es' },
    to: [{ name: 'Ana', address: 'ana@example.com' }],
    subject: 'Hola',
    text: 'Hola Ana,\n\n¿Qué tal?\n',
    messageId: '20260314.abc123@buzon.example',
    date: new Date(Date.UTC(2026, 2, 14, 9, 30, 5)),
    ...overrides,
  };
}

/** Every fixture by name; each test reads the ones it proves something about. */
export const FIXTURES: Record<string, OutgoingMessage> = {
  addresses: base({
    sender: { name: 'Secretaría', address: 'secretaria@ejemplo.es' },
    to: [
      { name: 'José Peña', address: 'jose@example.com' },
      { name: 'Smith, John', address: 'john.smith@example.com' },
      { name: 'Ana "la jefa" Ruiz', address: 'ana@bücher.example' },
      { name: '', address: 'bare@example.com' },
    ],
    cc: [
      {
        name: "María-José O'Neil Ibáñez de la Cruz y Fernández-Villaverde",
        address: 'mj@example.org',
      },
    ],
    bcc: [
      { name: 'Oculto Núñez', address: 'hidden@example.net' },
      { name: '', address: 'bcc2@example.net' },
    ],
    replyTo: [{ name: 'Equipo Buzón', address: 'equipo@ejemplo.es' }],
    subject: 'Presupuesto año 2026 ✔ — ¿qué tal? 🎉',
  }),
  longSubject: base({ subject: LONG_SUBJECT }),
  spacedSubject: base({ subject: '  espacios   al  principio\ty al final  ' }),
  literalEncodedWord: base({ subject: 'Escribe =?UTF-8?B?SG9sYQ==?= tal cual' }),
  emptySubject: base({ subject: '' }),
  rich: base({
    subject: 'Texto enriquecido',
    text: 'Hola Ana,\n\n*Negrita* y una lista:\n- uno\n- dos\n',
    html: '<p>Hola Ana,</p><p><b>Negrita</b> y una lista:</p><ul><li>uno</li><li>dos</li></ul>',
  }),
  inline: base({
    subject: 'Con imagen',
    text: 'Mira el logo.\n',
    html: '<p>Mira el logo:</p><img src="cid:logo.20260314@buzon.example" alt="logo">',
    attachments: [
      {
        filename: 'logo.png',
        type: 'image/png',
        bytes: PNG,
        contentId: 'logo.20260314@buzon.example',
      },
      { filename: 'presupuesto_año_2026.pdf', type: 'application/pdf', bytes: bytesOf(40_000, 7) },
    ],
  }),
  filenames: base({
    subject: 'Adjuntos',
    attachments: [
      { filename: 'presupuesto_año_2026.pdf', type: 'application/pdf', bytes: bytesOf(100_000, 3) },
      { filename: FILENAME_120, type: 'application/pdf', bytes: bytesOf(1_000, 5) },
      {
        filename: 'informe "final".txt',
        type: 'text/plain',
        bytes: new TextEncoder().encode('hola\n'),
      },
      { filename: 'vacío.bin', type: 'not a type', bytes: new Uint8Array(0) },
    ],
  }),
  thread: base({
    subject: 'Re: Presupuesto',
    inReplyTo: 'CAF=abc+123@mail.example.com',
    references: Array.from(
      { length: 30 },
      (_, i) => `ref${i}.${'x'.repeat(20)}@lists.example.org`,
    ).concat('CAF=abc+123@mail.example.com'),
  }),
  receipt: base({
    subject: 'Acuse, por favor',
    dispositionNotificationTo: { name: 'José Peña', address: 'jose.pena@ejemplo.es' },
    priority: 'highest',
  }),
  priorityHigh: base({ priority: 'high' }),
  priorityNormal: base({ priority: 'normal' }),
  priorityLow: base({ priority: 'low' }),
  priorityLowest: base({ priority: 'lowest' }),
  nastyText: base({ subject: 'Texto raro', text: NASTY_TEXT, html: `<pre>${NASTY_TEXT}</pre>` }),
  nonLatin: base({
    subject: 'Привет, 世界',
    text: 'Здравствуйте! Это письмо на русском языке.\n你好，世界。这是一封中文邮件。\n',
  }),
  asciiOnly: base({ subject: 'Plain', text: 'Just ASCII.\nShort lines only.\n' }),
  extraHeaders: base({
    extraHeaders: [
      ['X-Mailer', 'Buzón'],
      ['X-Long', `valor ${'largo '.repeat(40)}fin`],
    ],
  }),
};

/** A forwarded message (SEND-6 *beyond*): an .eml with 8-bit UTF-8 in its body. */
export const FORWARDED_EML = new TextEncoder().encode(
  'From: Ana <ana@example.com>\r\nTo: jose@example.com\r\nSubject: Original\r\n' +
    'Message-ID: <orig@example.com>\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' +
    'Mensaje original con eñe.\r\n',
);
FIXTURES.forwardEml = base({
  subject: 'Fwd: Original',
  attachments: [{ filename: 'Original.eml', type: 'message/rfc822', bytes: FORWARDED_EML }],
});
