// Headless Debian Chromium through playwright-core (a devDependency; `npx playwright install`
// cannot download browsers here), shared by the scripts/test-*.mjs harnesses.
import path from 'node:path';
import { fail, run } from './processes.mjs';

// Playwright gives every launch a fresh temporary --user-data-dir.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--disable-dev-shm-usage',
];

/**
 * The Chromium binary, installed with apt-get when missing (scripts/ensure-chromium.sh).
 * @param {string} root the repository
 * @returns {Promise<string>}
 */
export async function ensureChromium(root) {
  return (await run('sh', [path.join(root, 'scripts/ensure-chromium.sh')], { capture: true })).trim();
}

/**
 * @param {string} executablePath
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium(executablePath) {
  /** @type {import('playwright-core').BrowserType} */
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    fail('playwright-core is not installed: run `npm install` (it is a devDependency)');
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * Opens `url` in a new page of `browser` and waits until `predicate` (a page function) is
 * truthy, or the first problem (console error, page error, failed request, HTTP ≥ 400).
 * Resolves to { page, problems, requests, ready }: `problems` and `requests` (URLs) keep
 * collecting after the wait.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {() => unknown} predicate
 * @param {number} [timeoutMs]
 * @returns {Promise<{ page: import('playwright-core').Page, problems: string[], requests: string[], ready: boolean }>}
 */
export async function openPage(browser, url, predicate, timeoutMs = 30_000) {
  const page = await browser.newPage();
  /** @type {string[]} */
  const problems = [];
  /** @type {string[]} */
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  /** @type {(() => void) | null} */
  let onFirst = null;
  /** @param {string} p */
  const note = (p) => { problems.push(p); onFirst?.(); onFirst = null; };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      console.error(`  [browser console.${m.type()}] ${m.text()}`);
      if (m.type() === 'error') note(`console.error: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => {
    console.error(`  [browser page error] ${e.stack || e.message}`);
    note(`page error: ${e.message}`);
  });
  page.on('requestfailed', (r) => note(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => { if (r.status() >= 400) note(`HTTP ${r.status()} for ${r.url()}`); });
  const resp = await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
  if (!resp || !resp.ok()) fail(`could not load ${url}: HTTP ${resp?.status()}`);
  // Ready, or the first error (a module that fails to load or throws never sets the flag).
  const ready = await Promise.race([
    page.waitForFunction(predicate, null, { timeout: timeoutMs }).then(() => true, () => false),
    new Promise((resolve) => {
      onFirst = () => setTimeout(() => resolve(false), 500);
      if (problems.length) onFirst();
    }),
  ]);
  return { page, problems, requests, ready };
}
