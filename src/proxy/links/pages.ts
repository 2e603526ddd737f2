// SEND-15: what a recipient's browser shows when a link does not give the file. A
// recipient may read either language, so each page says it in English and Spanish. Text
// only: no scripts, styles or images, and a policy that would block them anyway.
import type { ServerResponse } from 'node:http';

export type LinkPage = 'unknown' | 'expired' | 'busy';

interface PageText {
  title: string;
  line: string;
}

const PAGES: Record<LinkPage, { status: number; en: PageText; es: PageText }> = {
  unknown: {
    status: 404,
    en: {
      title: 'This link does not exist',
      line: 'Check that you opened the whole address from the message.',
    },
    es: {
      title: 'Este enlace no existe',
      line: 'Compruebe que ha abierto la dirección completa del mensaje.',
    },
  },
  expired: {
    status: 410,
    en: {
      title: 'This link has expired',
      line: 'The file is no longer kept. Ask the sender to send it again.',
    },
    es: {
      title: 'Este enlace ha caducado',
      line: 'El archivo ya no se conserva. Pida al remitente que se lo envíe de nuevo.',
    },
  },
  busy: {
    status: 429,
    en: {
      title: 'Too many downloads from your address',
      line: 'Wait a few minutes and try again.',
    },
    es: {
      title: 'Demasiadas descargas desde su dirección',
      line: 'Espere unos minutos y vuelva a intentarlo.',
    },
  },
};

/** Every text above is a constant: nothing from a request or a record reaches the page. */
function html(page: LinkPage): string {
  const { en, es } = PAGES[page];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width">',
    '<meta name="robots" content="noindex">',
    `<title>${en.title} · ${es.title}</title>`,
    `<h1>${en.title}</h1>`,
    `<p>${en.line}</p>`,
    `<h1 lang="es">${es.title}</h1>`,
    `<p lang="es">${es.line}</p>`,
    '</html>',
    '',
  ].join('\n');
}

export function sendLinkPage(
  res: ServerResponse,
  page: LinkPage,
  headers: Record<string, string> = {},
  withBody = true,
): void {
  const body = html(page);
  res.writeHead(PAGES[page].status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'no-store',
    'X-Robots-Tag': 'noindex',
    ...headers,
  });
  res.end(withBody ? body : undefined);
}
