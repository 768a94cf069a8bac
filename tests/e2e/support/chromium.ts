import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Headless as root on a server: no sandbox, no GPU, and nothing that phones home mid-test. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Null when Chromium is there; otherwise what is wrong and the command that fixes it. */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  return (
    `The browser tests need Chromium at ${CHROMIUM_PATH}, and it is missing. ` +
    "Run `bash scripts/ensure-chromium.sh` (as root it installs Debian's package with " +
    '`apt-get update && apt-get install -y chromium`), or set CHROMIUM_PATH to a Chrome or Chromium binary.'
  );
}

export async function launchChromium(): Promise<Browser> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
