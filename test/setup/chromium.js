// Where Debian's Chromium lives and the flags every launch uses: quiet on a machine with
// no outside network. Plain JS so that vite.config.ts, the e2e support and bench/ share it.

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
