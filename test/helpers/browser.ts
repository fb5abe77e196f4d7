/**
 * The one way a test needs a browser: Debian's Chromium at a fixed path. Every browser suite is declared with
 * describeInBrowser, so that without Chromium it is skipped with a title the end-of-run reporter recognizes
 * (the reporter runs in jest's main process and sees only results, not the workers' variables).
 */
import { existsSync } from 'node:fs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NEEDS_CHROMIUM } = require('./skipped-browser-reporter.js') as { NEEDS_CHROMIUM: string };

export const CHROMIUM = '/usr/bin/chromium';

/** Known to work on this machine kind (no GPU, no sandbox, no background traffic). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM);
}

/** The title a browser suite is skipped under: its own title plus the tag the reporter counts. */
export function skippedTitle(title: string): string {
  return `${title} ${NEEDS_CHROMIUM}`;
}

/** `describe` when Chromium is installed, otherwise a skipped block the end of `npm test` names. */
export function describeInBrowser(title: string, fn: () => void): void {
  if (chromiumInstalled()) {
    describe(title, fn);
    return;
  }
  console.warn(`SKIPPED ${title}: ${CHROMIUM} is not installed (Debian package "chromium"; .ci/run installs it with apt-get).`);
  describe.skip(skippedTitle(title), fn);
}
