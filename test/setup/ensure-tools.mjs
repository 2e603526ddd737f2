// Installs the real parts the test suite drives (Debian's Chromium) when they are missing,
// and fails with a clear message when it cannot. Run by `npm test` before anything else.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

import { CHROMIUM_PATH as CHROMIUM } from './chromium.js';

function run(cmd) {
  execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Chromium is missing at ${CHROMIUM} and this user cannot install it.\n` +
      'Install it with: sudo apt-get update && sudo apt-get install -y chromium');
    process.exit(1);
  }
  console.log('Installing Chromium from Debian packages for the browser tests…');
  try {
    run('apt-get update -qq');
    run('apt-get install -y -qq chromium fonts-dejavu-core');
  } catch {
    console.error('Could not install Chromium with apt-get. The browser and end-to-end tests need it at ' + CHROMIUM + '.');
    process.exit(1);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`apt-get finished but ${CHROMIUM} is still missing.`);
    process.exit(1);
  }
}
