// The fixture mailbox for the query language tests: ~30 ordinary messages in Spanish and
// English with accents, German ß, NFD-decomposed text, bidi tricks, near-miss addresses
// and messages on date boundaries. Times are Madrid winter time (UTC+1).

import type { SearchDoc } from '../../../src/search/query/search-doc.js';

/** Madrid in winter: dates in queries are midnights at this offset. */
export const OFFSET = 60;

/** Epoch ms of a local (UTC+1) wall-clock time. */
export function local(y: number, m: number, d: number, h = 12, min = 0): number {
  return Date.UTC(y, m - 1, d, h, min) - OFFSET * 60_000;
}

export const MAILBOXES: Record<string, string> = {
  'mb-inbox': 'Bandeja de entrada',
  'mb-sent': 'Enviados',
  'mb-archive': 'Archivo',
  'mb-work': 'Proyectos 2026',
  'mb-spam': 'Spam',
};

const ME = { name: 'Yo', address: 'yo@buzon.example' };
const ANA = { name: 'Ana María García', address: 'ana.garcia@correo.es' };
const BOB = { name: 'Bob Smith', address: 'bob@example.com' };
const LUIS = { name: 'Luis Ortega', address: 'luis@empresa.example' };
const JURGEN = { name: 'Jürgen Groß', address: 'j.gross@beispiel.de' };
const PEDRO = { name: 'Pedro', address: 'pedro@amigos.example' };

export type Doc = SearchDoc & { id: string };

function doc(
  id: string,
  d: Partial<SearchDoc> & Pick<SearchDoc, 'subject' | 'from' | 'body' | 'receivedAt'>,
): Doc {
  const mailboxId = d.mailboxId ?? 'mb-inbox';
  return {
    id,
    to: [ME],
    cc: [],
    keywords: ['$seen'],
    mailboxName: MAILBOXES[mailboxId],
    hasAttachment: false,
    size: 4_000,
    priority: 3,
    ...d,
    mailboxId,
  };
}

const LONG_MINUTES =
  'Se abre la sesión a las 19:00 con la asistencia de doce propietarios. ' +
  'Primero se aprueban las cuentas del ejercicio anterior sin objeciones. ' +
  'A continuación el presidente expone el estado del ascensor y de la fachada. ' +
  'Varios vecinos piden presupuestos a más de una empresa antes de decidir. '.repeat(8) +
  'Se acuerda una derrama de 300 € por vivienda para la reparación del tejado. ' +
  'Sin más asuntos que tratar, se levanta la sesión a las 21:15.';

export const DOCS: readonly Doc[] = [
  doc('d01', {
    subject: 'Camión de mudanza el sábado',
    from: [ANA],
    body: 'Hola, el camión llega a las 9. Trae cajas y cinta. Un abrazo, Ana',
    receivedAt: local(2026, 2, 27),
    keywords: [],
  }),
  doc('d02', {
    subject: 'CAMIÓN disponible para marzo',
    from: [{ name: 'Transportes Pérez', address: 'info@transportesperez.es' }],
    body: 'Le informamos de que el camion estará disponible. Información de tarifas adjunta.',
    receivedAt: local(2026, 3, 2),
    hasAttachment: true,
    size: 250_000,
  }),
  doc('d03', {
    subject: 'Factura 2026-031',
    from: [{ name: 'Compañía de Luz', address: 'facturacion@luz.example' }],
    body: 'Adjuntamos la factura de febrero. Importe: 84,20 €',
    receivedAt: local(2026, 3, 5),
    hasAttachment: true,
    size: 120 * 1024,
    keywords: ['$seen', 'facturas'],
  }),
  doc('d04', {
    subject: 'Meeting notes',
    from: [BOB],
    body: "Here are the notes from today's meeting. Action items: review the budget, send the information pack.",
    receivedAt: local(2026, 1, 15),
    mailboxId: 'mb-archive',
    keywords: ['$seen', '$flagged'],
  }),
  doc('d05', {
    subject: 'Re: Meeting notes',
    from: [BOB],
    cc: [ANA],
    body: 'Thanks Bob. I will send the info tomorrow.',
    receivedAt: local(2026, 1, 16),
    mailboxId: 'mb-archive',
  }),
  doc('d06', {
    subject: 'Fin de año en la oficina',
    from: [{ name: 'Recursos Humanos', address: 'rrhh@empresa.example' }],
    body: 'La cena de fin de año será el 20 de diciembre.',
    receivedAt: local(2025, 12, 1),
  }),
  doc('d07', {
    subject: 'Año nuevo, vida nueva',
    from: [PEDRO],
    body: 'Feliz año a todos; el fin llega pronto de año en año.',
    receivedAt: local(2026, 1, 1),
  }),
  doc('d08', {
    subject: 'Fotos de las vacaciones',
    from: [{ name: 'Carmen Núñez', address: 'carmen.nunez@gmail.example' }],
    body: 'Aquí van las fotos de Peñíscola.',
    receivedAt: local(2025, 8, 20),
    hasAttachment: true,
    size: 8 * 1024 * 1024,
    keywords: ['$seen', '$label1'],
  }),
  doc('d09', {
    subject: 'URGENTE: servidor caído',
    from: [{ name: 'Sistemas', address: 'sistemas@empresa.example' }],
    body: 'El servidor de correo no responde desde las 3:00.',
    receivedAt: local(2026, 3, 1, 0, 30),
    priority: 1,
    keywords: [],
  }),
  doc('d10', {
    subject: 'Re: Camión de mudanza el sábado',
    from: [ME],
    to: [ANA],
    body: 'Perfecto, allí estaré.',
    receivedAt: local(2026, 2, 28, 23, 59),
    mailboxId: 'mb-sent',
  }),
  doc('d11', {
    subject: 'Straße gesperrt',
    from: [JURGEN],
    body: 'Die Hauptstraße ist morgen gesperrt.',
    receivedAt: local(2026, 2, 10),
  }),
  doc('d12', {
    subject: 'Informe trimestral',
    from: [LUIS],
    body: 'Adjunto el informe del trimestre con la información solicitada.',
    receivedAt: local(2026, 3, 10),
    mailboxId: 'mb-work',
    hasAttachment: true,
    size: 2.5 * 1024 * 1024,
    priority: 2,
    keywords: ['$seen', 'proyecto_x'],
  }),
  doc('d13', {
    subject: 'Error en la hoja de cálculo',
    from: [LUIS],
    body: 'La celda B7 vale inf (infinito) tras dividir por cero.',
    receivedAt: local(2026, 3, 3, 9),
  }),
  doc('d14', {
    subject: 'Your weekly digest',
    from: [{ name: 'Newsletter', address: 'news@newsletter.example' }],
    body: 'Top stories this week. Unsubscribe at any time.',
    receivedAt: local(2026, 3, 11),
    priority: 5,
    size: 60 * 1024,
  }),
  doc('d15', {
    subject: 'You won a prize!!!',
    from: [{ name: 'Prize Team', address: 'winner@lottery.example' }],
    body: 'Click here to claim your prize.',
    receivedAt: local(2026, 3, 7),
    mailboxId: 'mb-spam',
    priority: 5,
  }),
  doc('d16', {
    subject: 'Cena del viernes',
    from: [PEDRO],
    cc: [ANA],
    body: '¿Quedamos el viernes para cenar? Reservo en el restaurante.',
    receivedAt: local(2026, 3, 12, 10),
    keywords: [],
  }),
  doc('d17', {
    subject: 'Reunión de proyecto',
    from: [LUIS],
    to: [{ name: 'Equipo', address: 'equipo@empresa.example' }],
    body: 'Orden del día: presupuesto, calendario y camiones.',
    receivedAt: local(2026, 3, 3),
    mailboxId: 'mb-work',
  }),
  doc('d18', {
    subject: 'Contraseña cambiada',
    from: [{ name: 'Banco', address: 'seguridad@banco.example' }],
    body: 'Su contraseña se cambió el 2026-03-04. Si no fue usted, contacte con nosotros.',
    receivedAt: local(2026, 3, 4),
    priority: 1,
    keywords: [],
  }),
  doc('d19', {
    subject: 'Invoice #4411',
    from: [{ name: 'Billing', address: 'billing@saas.example' }],
    body: 'Your invoice for February is attached. Amount due: $49.00',
    receivedAt: local(2026, 2, 28, 10),
    hasAttachment: true,
    size: 45 * 1024,
    keywords: ['$seen', 'Facturas'],
  }),
  doc('d20', {
    subject: 'Pedido enviado',
    from: [{ name: 'Tienda', address: 'tienda@shop.example' }],
    body: 'Su pedido \u202Efdp.exe\u202C ha sido enviado.\u0007',
    receivedAt: local(2026, 2, 20),
  }),
  doc('d21', {
    subject: 'Nueva dirección',
    from: [{ name: 'García, Ana', address: 'ana.garcia@otro.example' }],
    body: 'Te escribo desde mi otra cuenta.',
    receivedAt: local(2026, 1, 5),
  }),
  doc('d22', {
    subject: 'Aviso de entrega',
    from: [{ name: 'Correos', address: 'noreply@mail.correo.es' }],
    body: 'Su paquete llegará mañana.',
    receivedAt: local(2026, 3, 6),
  }),
  doc('d23', {
    subject: 'Presupuesto reforma',
    from: [{ name: 'Reformas Ñandú', address: 'contacto@nandu.example' }],
    body: 'Presupuesto para la reforma de la cocina: 12.000 €.',
    receivedAt: local(2026, 2, 14),
    hasAttachment: true,
    size: 180 * 1024,
    keywords: ['$label1'],
  }),
  doc('d24', {
    subject: 'Aparcamiento',
    from: [{ name: 'Vecino', address: 'vecino@comunidad.example' }],
    body: 'El camio\u0301n del vecino está aparcado en mi plaza.',
    receivedAt: local(2026, 2, 2),
  }),
  doc('d25', {
    subject: 'Re: Cena del viernes',
    from: [ANA],
    to: [PEDRO],
    body: '¡Sí! Yo llevo el postre.',
    receivedAt: local(2026, 3, 12, 21),
    keywords: ['$seen', '$flagged'],
  }),
  doc('d26', {
    subject: 'Flight confirmation',
    from: [{ name: 'Iberia', address: 'confirmaciones@iberia.example' }],
    body: 'Your flight IB3166 Madrid – London is confirmed. Departure 2026-04-02 07:15.',
    receivedAt: local(2026, 3, 8),
    hasAttachment: true,
    size: 90 * 1024,
  }),
  doc('d27', {
    subject: 'Acta de la junta',
    from: [{ name: 'Administrador', address: 'administrador@finca.example' }],
    body: LONG_MINUTES,
    receivedAt: local(2026, 1, 20),
  }),
  doc('d28', {
    subject: 'Oferta de empleo',
    from: [{ name: 'Recursos Humanos', address: 'rrhh@empresa.example' }],
    body: 'Buscamos desarrollador/a con experiencia en TypeScript.',
    receivedAt: local(2026, 2, 25),
    mailboxId: 'mb-archive',
  }),
  doc('d29', {
    subject: 'Grüße aus Berlin',
    from: [JURGEN],
    body: 'Viele Grüße und bis bald!',
    receivedAt: local(2025, 11, 11),
  }),
  doc('d30', {
    subject: 'Café con leche',
    from: [{ name: 'François Ça', address: 'francois@cafe.example' }],
    body: 'Nos vemos en el café de la esquina.',
    receivedAt: local(2026, 3, 9),
    priority: 4,
  }),
];
