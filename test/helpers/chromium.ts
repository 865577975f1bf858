/**
 * Debian's Chromium as every test and benchmark starts it: headless, with no
 * background traffic (this machine's closed network refuses it) and no
 * first-run work. Free of vitest, so the benchmarks, which run under tsx,
 * share it with test/helpers/browser.ts.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.APMATRIX_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];

/** A browser with a fresh, temporary user-data dir (playwright makes one per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
