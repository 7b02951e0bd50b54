#!/usr/bin/env node
// Refreshes docs/web-page.png, the README's picture of the experiments page: the built site
// (web/dist, from `npm run build:web` or `npm run test:web`) served with the cross-origin
// isolation headers, the paper figure's panel-2 preset run to completion in headless Chromium,
// the first 1100 × 1060 pixels saved. `node scripts/web-screenshot.mjs [out.png]`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, launchChromium, openPage } from './lib/chromium.mjs';
import { closeHeld, held } from './lib/held.mjs';
import { fail, runMain } from './lib/processes.mjs';
import { origin, startServer, ISOLATION_HEADERS } from './lib/staticServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs/web-page.png'));

async function main() {
  const executablePath = await ensureChromium(root);
  held.server = await startServer(path.join(root, 'web/dist'), ISOLATION_HEADERS);
  held.browser = await launchChromium(executablePath);
  const { page, problems, ready } = await openPage(held.browser, `${origin(held.server)}/index.html`, () => document.body.dataset.ready === 'true');
  if (!ready) fail(`the page did not load: ${problems.join('; ')}`);
  await page.setViewportSize({ width: 1100, height: 1060 });
  await page.selectOption('#preset', 'paper-2');
  await page.click('#run');
  await page.waitForSelector('#results[data-complete=true]', { timeout: 600_000 });
  // The analyser's verdict and the last redraw.
  await page.waitForFunction(() => /** @type {HTMLElement} */ (document.getElementById('analysis')).dataset.state === 'done', null, { timeout: 60_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: out });
  console.log(`web-screenshot: ${path.relative(root, out)}`);
  return problems.length ? 1 : 0;
}

await runMain('web-screenshot', 900_000, main, closeHeld);
