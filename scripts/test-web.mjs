#!/usr/bin/env node
// `npm run test:web`: the demo page (web/, built by `vite build` into web/dist) in headless
// Chromium (Debian's, through playwright-core, as scripts/test-browser.mjs), served with the
// cross-origin isolation headers. Checks, each a numbered line:
//  1. a typed target, a small size and both schedules run to completion, and the downloaded
//     JSON of each schedule is byte-identical to formatJson(simulateSeeds(same options)) in
//     Node; the numbers in the plot's data attributes equal Node's mean and SE bit for bit;
//  2. a syntax error shows an inline message at the column of Node's ExpressionError;
//  3. the analyser's verdict appears;
//  4. a run can be cancelled (status says so, buttons reset, nothing changes afterwards);
//  5. the URL of a run restores every input and reproduces the same numbers;
//  6. the bench page completes and reports every field;
//  5c/5d. an out-of-range number and a run too large for WASM memory give an inline message at the field;
//  7. back and forward step through runs and presets; 8. a diverged run says where and keeps the steps before it;
//  9. the training variants (docs/model.md §4): a variant Node refuses shows Node's one-line message at its field
//     (Run enabled again, no progress bar), a variant Node runs gives Node's JSON byte for byte and its CLI flag;
//     out-of-range values show the validator's message at the field; the theory lines of a variant are Node's, or
//     its refusal is noted;
// 10. the data-repetition preset (reduced engine, 10⁵ online steps) runs and equals Node byte for byte;
// 11. the header says which WASM build runs and how many threads per seed;
// 12. one seed on an isolated page uses every core when the library has threads (same bits as Node), one thread
//     without the isolation headers;
// and saves screenshots at desktop and phone widths under web/test-output/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuild } from './lib/build.mjs';
import { ensureChromium, launchChromium, openPage } from './lib/chromium.mjs';
import { fail, run, runMain } from './lib/processes.mjs';
import { closeHeld, held } from './lib/held.mjs';
import { origin, startServer, stopServer, ISOLATION_HEADERS } from './lib/staticServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'web/test-output');
const argv = process.argv.slice(2);
/** @param {unknown[]} a */
const log = (...a) => console.log(...a);

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {Record<string, { mean?: string, se?: string }>} Series what plotted() reads */


// The small run of check 1 (form values) and the same options for Node's simulateSeeds.
const FORM = { target: 'tanh(z1 + He3(z2))', d: '120', alpha: '2', p: '2', lr: '0.2', steps: '3', seeds: '5', seed: '3', schedule: 'multi-pass', schedule2: 'single-pass' };
/** @type {(schedule: string) => import('../dist/node/index.js').SimulateSeedsOptions} */
const nodeOptions = (schedule) => ({ target: FORM.target, activation: 'relu', d: 120, alpha: 2, p: 2, lr: 0.2, steps: 3, seeds: 5, seed: 3,
  weightDecay: 0, labelNoise: 0, init: 'orthogonal', secondLayer: 'alternating', storage: 'f32', schedule });

// A small run for the training variants and the bad-input checks (form values) and Node's options.
const SMALL = { target: 'tanh(z1 + He3(z2))', d: '120', alpha: '2', p: '2', lr: '0.2', steps: '3', seeds: '3', seed: '3', schedule: 'multi-pass', schedule2: '' };
const nodeSmall = { target: SMALL.target, d: 120, alpha: 2, p: 2, lr: 0.2, steps: 3, seeds: 3, seed: 3, schedule: 'multi-pass' };
// The online-SGD runs (n = 1, reduced engine) of a per-sample displacement.
const ONLINE = { ...SMALL, target: 'He3(z1)', activation: 'tanh', d: '200', n: '1', p: '1', lr: '0.5', steps: '2000', schedule: 'single-pass', engine: 'reduced', init: 'random', record: 'log:20' };
const nodeOnline = { ...nodeSmall, target: 'He3(z1)', activation: 'tanh', d: 200, n: 1, p: 1, lr: 0.5, steps: 2000, schedule: 'single-pass', engine: 'reduced', init: 'random', record: 'log:20' };
/** @typedef {{ label: string, form: Record<string, string>, node: Record<string, unknown>, field: string, flag: string }} Variant */
/** @type {Variant[]} Each variant's form values, Node's options, the field an error must name and the CLI flag. */
const VARIANTS = [
  { label: 'projected GD (explicit)', form: { ...SMALL, algorithm: 'projected' }, node: { ...nodeSmall, algorithm: 'projected' }, field: 'algorithm', flag: '--algorithm projected' },
  { label: 'SAM ρ = 0.05, correlation loss, cosine schedule (explicit)', form: { ...SMALL, sam: '0.05', loss: 'correlation', lrSchedule: 'cosine' }, node: { ...nodeSmall, sam: 0.05, loss: 'correlation', lrSchedule: 'cosine' }, field: 'sam', flag: '--sam 0.05' },
  { label: 'per-sample extra-gradient ρ = 0.5, online SGD (reduced)', form: { ...ONLINE, extragradient: '0.5', displacement: 'sample' }, node: { ...nodeOnline, extragradient: 0.5, displacement: 'sample' }, field: 'extragradient', flag: '--extragradient 0.5' },
  { label: 'second-layer η_a = 0.1 (explicit)', form: { ...SMALL, secondLayerLr: '0.1' }, node: { ...nodeSmall, secondLayerLr: 0.1 }, field: 'secondLayerLr', flag: '--second-layer-lr 0.1' },
];
// The repetition preset (web/src/presets.ts) as Node options.
/** @type {import('../dist/node/index.js').SimulateSeedsOptions} */
const REPETITION = { target: 'He3(z1)', activation: 'tanh', d: 1000, n: 1, p: 1, lr: 0.5, steps: 100000, seeds: 16, seed: 0, init: 'random', engine: 'reduced', record: 'log:60' };

/**
 * Node's one-line refusal of `options` (resolveSimulateOptions, as the page's check), or null.
 * @param {typeof import('../dist/node/index.js')} lib
 * @param {Record<string, unknown>} options
 */
function refusal(lib, options) {
  const { seeds, ...sim } = options;
  void seeds;
  try { lib.resolveSimulateOptions(/** @type {import('../dist/node/index.js').SimulateOptions} */ (sim)); return null; } catch (e) { return /** @type {Error} */ (e).message; }
}

/**
 * Check 9 for one variant: refused in Node ⇒ the same message at its field and an idle page;
 * run in Node ⇒ the page's JSON equals Node's and the CLI command has the flag.
 * @param {import('playwright-core').Browser} browser
 * @param {string} base
 * @param {typeof import('../dist/node/index.js')} lib
 * @param {typeof import('../dist/io.js')} io
 * @param {Variant} v
 * @param {(ok: boolean, what: string) => void} check
 * @param {string} screenshot where to save the page (desktop width, full page)
 */
async function variantCheck(browser, base, lib, io, v, check, screenshot) {
  const p = await browser.newPage();
  await p.goto(`${base}?${new URLSearchParams({ ...v.form, run: '1' })}`);
  await p.waitForFunction((f) => /** @type {HTMLElement} */ (document.getElementById(`e-${f}`)).textContent !== '' || /** @type {HTMLElement} */ (document.getElementById('results')).dataset.complete === 'true', v.field, { timeout: 60_000 }).catch(() => {});
  await p.setViewportSize({ width: 1280, height: 900 });
  await p.screenshot({ path: screenshot, fullPage: true });
  const nodeMessage = refusal(lib, v.node);
  if (nodeMessage !== null) {
    const state = await p.evaluate((f) => ({ shown: /** @type {HTMLElement} */ (document.getElementById(`e-${f}`)).textContent, open: /** @type {HTMLElement} */ (document.getElementById(`f-${f}`)).closest('details')?.open, run: /** @type {HTMLButtonElement} */ (document.getElementById('run')).disabled, bar: /** @type {HTMLElement} */ (document.getElementById('progress-wrap')).hidden }), v.field);
    check(state.shown === nodeMessage && state.open === true && !state.run && state.bar, `9a. ${v.label}: refused as in Node, inline at ${v.field}: "${state.shown}" (section open, Run enabled, no progress bar)`);
  } else {
    const node = await lib.simulateSeeds(/** @type {import('../dist/node/index.js').SimulateSeedsOptions} */ (v.node));
    const json = await downloadJson(p, 0);
    const cli = await p.$eval('code.cli', (c) => c.textContent ?? '');
    // A trained second layer (η_a > 0) gets its own panel, a_j over t.
    const aDrawn = await p.$$eval('g.series[data-observable=a]', (gs) => gs.length);
    const aOk = v.node.secondLayerLr ? aDrawn > 0 : aDrawn === 0;
    check(json === io.formatJson(node) && cli.includes(v.flag) && aOk, `9b. ${v.label}: runs, JSON (${json.length} bytes) byte-identical to Node's; CLI command has ${v.flag}; ${aDrawn} series of a drawn`);
  }
  await p.close();
}

/**
 * @param {Page} page
 * @param {string} key
 * @param {string} value
 */
async function setField(page, key, value) {
  await page.fill(`#f-${key}`, value);
}

/**
 * @param {Page} page
 * @param {number} [timeout]
 */
async function waitComplete(page, timeout = 60_000) {
  await page.waitForSelector('#results[data-complete=true]', { timeout });
}

/**
 * Each schedule's JSON download (the button's file) as text.
 * @param {Page} page
 * @param {number} index
 */
async function downloadJson(page, index) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`button[data-download=json][data-run="${index}"]`)]);
  return readFileSync(await download.path(), 'utf8');
}

/**
 * Every simulation series drawn: { key: { mean, se } } with key schedule/observable/path.
 * @param {Page} page
 * @returns {Promise<Series>}
 */
async function plotted(page) {
  return page.$$eval('g.series[data-kind=simulation]', (gs) => Object.fromEntries(gs.map((g) => [
    `${g.dataset.schedule}/${g.dataset.observable}/${g.dataset.path}`, { mean: g.dataset.mean, se: g.dataset.se }])));
}

/**
 * @param {string} schedule
 * @param {import('../dist/index.js').SeedsResult} result
 * @returns {Series}
 */
function expectedSeries(schedule, result) {
  /** @type {Series} */
  const out = {};
  for (const obs of /** @type {const} */ (['overlap', 'orthogonalOverlap', 'testError', 'cosine'])) {
    /** @type {{ mean: unknown[], se: unknown[] }} */
    const field = result[obs];
    /** @type {Map<string, { mean: unknown[], se: unknown[] }>} */
    const paths = new Map();
    /**
     * @param {unknown} m the mean: a number or nested arrays of numbers
     * @param {unknown} s its SE, of the same shape
     * @param {number[]} p the path to here
     * @param {number} t the step
     * @returns {void}
     */
    const walk = (m, s, p, t) => {
      if (Array.isArray(m)) return m.forEach((x, i) => walk(x, /** @type {unknown[]} */ (s)[i], [...p, i], t));
      const key = p.join(',');
      const e = paths.get(key) ?? { mean: [], se: [] };
      e.mean[t] = m; e.se[t] = s;
      paths.set(key, e);
    };
    field.mean.forEach((row, t) => walk(row, field.se[t], [], t));
    for (const [p, v] of paths) out[`${schedule}/${obs}/${p}`] = { mean: JSON.stringify(v.mean), se: JSON.stringify(v.se) };
  }
  return out;
}

async function main() {
  await ensureBuild(root, argv, 'test:web');
  await run(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root });
  const executablePath = await ensureChromium(root);
  /** @type {typeof import('../dist/node/index.js')} */
  const lib = await import(pathToFileURL(path.join(root, 'dist/node/index.js')).href);
  /** @type {typeof import('../dist/io.js')} */
  const io = await import(pathToFileURL(path.join(root, 'dist/io.js')).href);
  mkdirSync(out, { recursive: true });
  const server = held.server = await startServer(path.join(root, 'web/dist'), ISOLATION_HEADERS);
  const browser = held.browser = await launchChromium(executablePath);
  const base = `${origin(server)}/index.html`;
  const { page, problems } = await openPage(browser, base, () => document.body.dataset.ready === 'true');
  await page.setViewportSize({ width: 1280, height: 900 });
  let bad = 0;
  /** @type {(ok: boolean, what: string) => void} */
  const check = (ok, what) => { log(`${ok ? 'ok  ' : 'FAIL'}  ${what}`); if (!ok) bad++; };

  // 2. syntax error at the right column (before the run, as a user types).
  const wrong = 'tanh(z1 + * z2)';
  let nodeColumn = null;
  try { lib.parseTarget(wrong); } catch (e) { nodeColumn = /** @type {import('../dist/index.js').ExpressionError} */ (e).column; }
  await setField(page, 'target', wrong);
  const column = await page.$eval('#e-target', (e) => e.dataset.column).catch(() => undefined);
  const marked = await page.$eval('#e-target mark', (e) => e.textContent).catch(() => undefined);
  check(nodeColumn !== null && column === String(nodeColumn) && marked === '*', `2. syntax error '${wrong}': inline message at column ${column} (Node's ExpressionError: ${nodeColumn}), marked '${marked}'`);

  // 1. the typed target, a small size, both schedules.
  for (const [k, v] of Object.entries(FORM)) await setField(page, k, v);
  const targetError = await page.$eval('#e-target', (e) => e.textContent);
  check(targetError === '', `1a. '${FORM.target}' parses (no message)`);
  // 3. the analyser's verdict for the typed target.
  // The analysis of these inputs (the debounce is 350 ms; an earlier one may still show).
  await page.waitForTimeout(600);
  await page.waitForFunction((t) => { const a = /** @type {HTMLElement} */ (document.getElementById('analysis')); return a.dataset.state === 'done' && a.dataset.target === t; }, FORM.target, { timeout: 60_000 }).catch(() => {});
  const verdict = await page.$eval('#analysis .verdict', (e) => e.textContent).catch(() => '');
  const nodeAnalysis = await lib.analyze(FORM.target, { activation: 'relu', alpha: 2, lr: 0.2, steps: 3 });
  check(verdict.includes(`${nodeAnalysis.multiPass.levels.length} level(s)`) && verdict.includes(nodeAnalysis.singlePass.sampleComplexity) && await page.$('#analysis svg.directions') !== null,
    `3. analyser verdict shown: "${verdict}" (with the k = 2 directions drawn)`);
  await page.press('#f-seeds', 'Enter');
  await waitComplete(page);
  const series = await plotted(page);
  for (const [i, schedule] of ['multi-pass', 'single-pass'].entries()) {
    const node = await lib.simulateSeeds(nodeOptions(schedule));
    const json = await downloadJson(page, i);
    check(json === io.formatJson(node), `1b. ${schedule}: downloaded JSON (${json.length} bytes) byte-identical to formatJson(simulateSeeds) in Node`);
    const expected = expectedSeries(schedule, node);
    const keys = Object.keys(expected);
    const same = keys.filter((k) => series[k]?.mean === expected[k].mean && series[k]?.se === expected[k].se);
    check(same.length === keys.length, `1c. ${schedule}: ${same.length}/${keys.length} plotted series (overlap, orthogonal overlap, test error, cosine) equal Node's mean and SE bit for bit`);
  }
  const cli = await page.$$eval('code.cli', (cs) => cs.map((c) => c.textContent));
  check(cli.length === 2 && cli[0].startsWith("npx multipass-gd run --target 'tanh(z1 + He3(z2))'") && cli[0].includes('--schedule multi-pass') && cli[0].includes('--seeds 5'), `1d. CLI command: ${cli[0]}`);
  const runUrl = page.url();
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click('#svg')]);
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.click('#png')]);
  const png = readFileSync(await pngDownload.path());
  check(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"') && (svg.match(/data-mean=/g) ?? []).length === 14 && png.subarray(1, 4).toString() === 'PNG' && png.length > 10_000,
    `1e. figure downloads: SVG (${svg.length} characters, the 14 series with their numbers) and PNG (${png.length} bytes)`);
  await page.selectOption('#f-layout', 'side by side');
  const sideBySide = await page.$$eval('#plots figure', (fs) => fs.length);
  await page.screenshot({ path: path.join(out, 'side-by-side.png'), fullPage: true });
  await page.selectOption('#f-layout', 'overlaid');
  check(sideBySide === 8 && JSON.stringify(await plotted(page)) === JSON.stringify(series), `1f. side by side: ${sideBySide} panels (4 per schedule) without recomputing; overlaid again: the same numbers`);
  const original = await page.$$eval('#form input, #form select:not(#preset)', (/** @type {(HTMLInputElement | HTMLSelectElement)[]} */ els) => els.map((e) => [e.name, e.type === 'checkbox' ? String(/** @type {HTMLInputElement} */ (e).checked) : e.value]));
  await page.screenshot({ path: path.join(out, 'desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(out, 'phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // 7. back and forward: a preset is a history entry; back restores the run's inputs and runs it again.
  await page.selectOption('#preset', 'paper-3');
  const presetTarget = await page.inputValue('#f-target');
  await page.goBack();
  await page.waitForFunction((t) => /** @type {HTMLInputElement} */ (document.getElementById('f-target')).value === t, FORM.target, { timeout: 5_000 }).catch(() => {});
  await page.waitForFunction(() => /** @type {HTMLElement} */ (document.getElementById('results')).dataset.complete !== 'true', null, { timeout: 5_000 }).catch(() => {});
  await waitComplete(page);
  const backSeries = await plotted(page);
  const backD = await page.inputValue('#f-d');
  await page.goForward();
  await page.waitForFunction(() => /** @type {HTMLInputElement} */ (document.getElementById('f-target')).value !== 'tanh(z1 + He3(z2))', null, { timeout: 5_000 }).catch(() => {});
  const forwardTarget = await page.inputValue('#f-target');
  check(presetTarget === 'tanh(z1) + tanh(z2)' && backD === FORM.d && JSON.stringify(backSeries) === JSON.stringify(series) && forwardTarget === presetTarget,
    `7. preset → back restores the run's inputs (d = ${backD}) and its numbers → forward restores the preset ('${forwardTarget}')`);

  // 8. a diverged run: the steps before it, and where.
  const diverging = await browser.newPage();
  await diverging.goto(`${base}?d=64&alpha=2&steps=6&seeds=2&seed=1&lr=50&activation=u%5E3&schedule=multi-pass&schedule2=&run=1`);
  await waitComplete(diverging);
  const divNote = await diverging.$eval('#run-notes', (e) => e.textContent);
  const divSteps = await diverging.$$eval('g.series[data-observable=testError][data-kind=simulation]', (gs) => JSON.parse(/** @type {string} */ (gs[0].dataset.mean)).length);
  const nodeDiv = await lib.simulateSeeds({ d: 64, alpha: 2, steps: 6, seeds: 2, seed: 1, lr: 50, activation: 'u^3' });
  const step = nodeDiv.diverged[0]?.step;
  check(step !== undefined && divNote.includes(`seed 1 diverged at step ${step}`) && divSteps === nodeDiv.steps.length, `8. diverged run: "${divNote.slice(0, 110)}…", ${divSteps} steps drawn (Node: ${nodeDiv.steps.length})`);
  await diverging.close();

  // 9. training variants: the page does what Node does with the same options, refusal included.
  for (const [i, v] of VARIANTS.entries()) await variantCheck(browser, base, lib, io, v, check, path.join(out, `variant-${i + 1}.png`));
  for (const [field, value, other] of /** @type {[string, string, Record<string, unknown>][]} */ ([['sam', '-1', {}], ['lrSchedule', 'step:2@10', {}], ['extragradient', '0.1', { sam: 0.1 }]])) {
    const q = new URLSearchParams({ ...SMALL, [field]: value, ...Object.fromEntries(Object.entries(other).map(([k, x]) => [k, String(x)])), run: '1' });
    const p = await browser.newPage();
    await p.goto(`${base}?${q}`);
    await p.waitForFunction((f) => /** @type {HTMLElement} */ (document.getElementById(`e-${f}`)).textContent !== '', field, { timeout: 30_000 }).catch(() => {});
    const shown = await p.$eval(`#e-${field}`, (e) => e.textContent);
    const nodeMessage = refusal(lib, { ...nodeSmall, [field]: field === 'lrSchedule' ? value : Number(value), ...other });
    check(nodeMessage !== null && shown === nodeMessage, `9c. ${field} = ${value}${Object.keys(other).length ? ` with ${JSON.stringify(other)}` : ''}: inline at ${field}: "${shown}" (Node: "${nodeMessage}")`);
    await p.close();
  }

  // 9d. a training variant with the theory lines: the state evolution draws it as Node computes it, or its refusal is noted.
  {
    const p = await browser.newPage();
    await p.goto(`${base}?${new URLSearchParams({ ...SMALL, schedule: 'single-pass', algorithm: 'projected', theory: 'on', run: '1' })}`);
    await p.waitForFunction(() => /** @type {HTMLElement} */ (document.getElementById('e-algorithm')).textContent !== '' || /** @type {HTMLElement} */ (document.getElementById('results')).dataset.complete === 'true', null, { timeout: 60_000 }).catch(() => {});
    const simulationRefused = refusal(lib, { ...nodeSmall, schedule: 'single-pass', algorithm: 'projected' });
    const notes = await p.$eval('#run-notes', (e) => e.textContent ?? '');
    const drawn = await p.$$eval('g.series[data-kind=theory][data-observable=testError]', (gs) => gs.map((g) => g.dataset.mean));
    const options = { target: SMALL.target, activation: 'relu', alpha: 2, p: 2, lr: 0.2, steps: 3, seed: 3, weightDecay: 0, labelNoise: 0, init: /** @type {const} */ ('orthogonal'), secondLayer: /** @type {const} */ ('alternating'), algorithm: /** @type {const} */ ('projected'), method: /** @type {const} */ ('single-pass') };
    /** @type {string} */
    let outcome;
    if (simulationRefused !== null) {
      // The engine itself refuses the variant (9a): the theory is never asked.
      const shown = await p.$eval('#e-algorithm', (e) => e.textContent);
      outcome = shown === simulationRefused ? `refused by the engine as in Node, inline: "${shown}"` : `not as Node's refusal "${simulationRefused}" (shown: "${shown}")`;
    } else try {
      const node = await lib.theory(options);
      outcome = drawn.length === 1 && drawn[0] === JSON.stringify(node.testError.mean) ? 'drawn, equal to Node\'s state evolution' : `not as Node (${drawn.length} theory series)`;
    } catch (e) {
      const message = /** @type {Error} */ (e).message;
      outcome = drawn.length === 0 && notes.includes(`theory: ${message}`) ? `refused as in Node, noted: "theory: ${message}"` : `not as Node's refusal "${message}" (notes: "${notes}")`;
    }
    check(/^(drawn|refused)/.test(outcome), `9d. projected GD with the theory lines: ${outcome}`);
    await p.close();
  }

  // 10. the data-repetition preset, on the reduced engine, byte for byte as Node.
  const preset = await browser.newPage();
  await preset.goto(base);
  await preset.waitForFunction(() => document.body.dataset.ready === 'true');
  await preset.setViewportSize({ width: 1280, height: 900 });
  await preset.selectOption('#preset', 'repetition');
  const started = Date.now();
  await preset.click('#run');
  await waitComplete(preset, 120_000);
  const presetSeconds = (Date.now() - started) / 1000;
  await preset.screenshot({ path: path.join(out, 'repetition.png'), fullPage: true });
  for (const [i, schedule] of ['resample:2', 'single-pass'].entries()) {
    const node = await lib.simulateSeeds({ ...REPETITION, schedule });
    const json = await downloadJson(preset, i);
    const final = (/** @type {number[][]} */ (node.cosine.mean)).at(-1)?.[0];
    check(json === io.formatJson(node), `10. repetition preset, ${schedule} (${presetSeconds.toFixed(1)} s for both in the page): JSON byte-identical to Node's (engine ${node.config.engine}, final cosine ${final?.toFixed(3)})`);
  }
  await preset.close();

  // 11. the WASM build and the threads per seed.
  const env = await page.evaluate(() => ({ backend: /** @type {HTMLElement} */ (document.getElementById('backend')).dataset.variant, threads: /** @type {HTMLElement} */ (document.getElementById('threads')).dataset.count, text: /** @type {HTMLElement} */ (document.querySelector('.env')).textContent }));
  const nodeInfo = await lib.backendInfo();
  check(env.backend === nodeInfo.variant && env.threads === '1', `11. header: "${env.text?.replace(/\s+/g, ' ').trim()}"`);

  // 12. threads inside a seed: with the library's threads and a cross-origin isolated page, a run
  // of one seed takes every core (same bits as Node); without isolation, one thread and why.
  {
    const threaded = 'threads' in nodeInfo;
    const p = await browser.newPage();
    await p.goto(`${base}?${new URLSearchParams({ ...SMALL, d: '2000', alpha: '3', steps: '2', seeds: '1', run: '1' })}`);
    await waitComplete(p);
    const cores = await p.evaluate(() => navigator.hardwareConcurrency);
    const shown = await p.$eval('#threads', (e) => ({ count: e.dataset.count, why: /** @type {HTMLElement} */ (document.getElementById('threads-why')).textContent }));
    const node = await lib.simulateSeeds({ ...nodeSmall, d: 2000, alpha: 3, steps: 2, seeds: 1 });
    const json = await downloadJson(p, 0);
    const expected = threaded ? String(cores) : '1';
    check(json === io.formatJson(node) && shown.count === expected, `12a. one seed, d = 2000, n = 6000, isolated page: ${shown.count} thread(s) per seed ${shown.why} (expected ${expected}: ${threaded ? 'the library has threads' : 'no threads in this library'}); JSON byte-identical to Node's`);
    await p.close();
    const plain = await startServer(path.join(root, 'web/dist'));
    try {
      const q = await browser.newPage();
      await q.goto(`${origin(plain)}/index.html`);
      await q.waitForFunction(() => /** @type {HTMLElement} */ (document.getElementById('backend')).dataset.variant, null, { timeout: 30_000 }).catch(() => {});
      const env = await q.evaluate(() => ({ isolated: /** @type {HTMLElement} */ (document.getElementById('isolated')).textContent, count: /** @type {HTMLElement} */ (document.getElementById('threads')).dataset.count, why: /** @type {HTMLElement} */ (document.getElementById('threads-why')).textContent }));
      check(env.isolated === 'no' && env.count === '1' && /isolat|shared memory/i.test(env.why ?? ''), `12b. without the isolation headers: cross-origin isolated ${env.isolated}, ${env.count} thread per seed ${env.why}`);
      await q.close();
    } finally {
      await stopServer(plain);
    }
  }

  // 5. the URL restores every input and reproduces the numbers.
  const restored = await browser.newPage();
  await restored.goto(runUrl);
  await waitComplete(restored);
  const inputs = await restored.$$eval('#form input, #form select:not(#preset)', (/** @type {(HTMLInputElement | HTMLSelectElement)[]} */ els) => els.map((e) => [e.name, e.type === 'checkbox' ? String(/** @type {HTMLInputElement} */ (e).checked) : e.value]));
  check(JSON.stringify(inputs) === JSON.stringify(original), `5a. ${inputs.length} inputs restored from the URL`);
  check(JSON.stringify(await plotted(restored)) === JSON.stringify(series), '5b. the URL reproduces the same numbers');
  await restored.close();

  // 4. cancel a run that is too long to finish.
  await setField(page, 'd', '3000');
  await setField(page, 'seeds', '64');
  await page.click('#run');
  await page.waitForFunction(() => /** @type {HTMLProgressElement} */ (document.getElementById('progress')).value > 0, null, { timeout: 30_000 });
  // Live plots: the seeds finished so far are drawn while the run goes on (mean ± SE over them).
  await page.waitForFunction(() => Number(/** @type {HTMLElement | null} */ (document.querySelector('.note[data-seeds-done]'))?.dataset.seedsDone ?? 0) >= 2, null, { timeout: 60_000 }).catch(() => {});
  const live = await page.evaluate(() => ({
    running: /** @type {HTMLElement} */ (document.getElementById('results')).dataset.running,
    done: Number(/** @type {HTMLElement | null} */ (document.querySelector('.note[data-seeds-done]'))?.dataset.seedsDone ?? 0),
    of64: /** @type {HTMLElement | null} */ (document.querySelector('.note[data-seeds-done]'))?.textContent?.includes('of 64 seeds so far'),
    progress: /** @type {HTMLElement} */ (document.getElementById('progress-text')).textContent,
    se: JSON.parse(/** @type {HTMLElement | null} */ (document.querySelector('g.series[data-kind=simulation][data-observable=testError]'))?.dataset.se ?? '[]'),
  }));
  check(live.running === 'true' && live.of64 === true && live.done >= 2 && live.done < 64 && live.se.length > 0 && /left/.test(live.progress ?? ''),
    `4a. live: ${live.done} of 64 seeds drawn while running (test error SE at the last step ${live.se.at(-1)}), progress "${live.progress}"`);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !/** @type {HTMLButtonElement} */ (document.getElementById('run')).disabled, null, { timeout: 5_000 }).catch(() => {});
  const state = await page.evaluate(() => ({ status: /** @type {HTMLElement} */ (document.getElementById('status')).textContent, run: /** @type {HTMLButtonElement} */ (document.getElementById('run')).disabled, hidden: /** @type {HTMLElement} */ (document.getElementById('progress-wrap')).hidden, notes: /** @type {HTMLElement} */ (document.getElementById('run-notes')).innerHTML }));
  await page.waitForTimeout(1500);
  const later = await page.$eval('#run-notes', (e) => e.innerHTML);
  check(state.status.startsWith('Cancelled') && !state.run && state.hidden && later === state.notes, `4. cancel (Esc): "${state.status}"; Run enabled, progress hidden, nothing changed 1.5 s later`);

  // An out-of-range number names its field.
  await setField(page, 'd', '1');
  await page.press('#f-d', 'Enter');
  const dError = await page.$eval('#e-d', (e) => e.textContent);
  check(/^d must be an integer from 2/.test(dError), `5c. out-of-range d: inline "${dError}"`);

  // A run too large for WebAssembly memory names the option that drives it.
  await setField(page, 'd', '100000');
  await setField(page, 'alpha', '30');
  await page.press('#f-alpha', 'Enter');
  await page.waitForFunction(() => /** @type {HTMLElement} */ (document.getElementById('e-alpha')).textContent !== '' || !/** @type {HTMLButtonElement} */ (document.getElementById('run')).disabled, null, { timeout: 30_000 }).catch(() => {});
  const memError = await page.$eval('#e-alpha', (e) => e.textContent);
  check(/^alpha: this run needs [\d.]+ GiB of WebAssembly memory/.test(memError), `5d. too large for memory: inline at α: "${memError}"`);

  // 6. the bench page.
  const bench = await browser.newPage();
  await bench.goto(`${origin(server)}/bench.html?quick=1`);
  await bench.waitForFunction(() => window.benchReport || window.benchError, null, { timeout: 120_000 }).catch(() => {});
  // The page's report, or { error }.
  const report = /** @type {Record<string, unknown> & { error?: string }} */ (await bench.evaluate(() => window.benchReport ?? { error: window.benchError ?? 'no report' }));
  const missing = ['browser', 'wasm', 'workers', 'threads', 'threadsStep', 'crossOriginIsolated', 'gdStep', 'normals', 'dmft', 'reduced'].filter((k) => report[k] === undefined || report[k] === null);
  const threadedStep = /** @type {import('../web/src/benchThreads.js').ThreadsStepBench | undefined} */ (report.threadsStep);
  // With threads (the library has them, the page is isolated) the threaded step must have the 1-thread step's bits.
  const stepOk = threadedStep !== undefined && (threadedStep.identical === true || (threadedStep.identical === null && threadedStep.threads === 1 && !('threads' in nodeInfo)));
  check(!report.error && missing.length === 0 && stepOk, `6. bench page reports every field${missing.length ? ` (missing: ${missing.join(', ')})` : ''}${report.error ? ` (${report.error})` : ''}; threaded step: ${JSON.stringify(threadedStep)}`);
  await bench.close();

  for (const p of problems) { bad++; log(`FAIL  browser: ${p}`); }
  writeFileSync(path.join(out, 'run-url.txt'), runUrl + '\n');
  log(`test:web: Chromium ${browser.version()}; screenshots in web/test-output/: desktop.png, phone.png, side-by-side.png, repetition.png, variant-1…${VARIANTS.length}.png`);
  log(bad ? `test:web: ${bad} check(s) failed` : 'test:web: all checks passed');
  return bad ? 1 : 0;
}

// The checks take 2–4 minutes on a loaded 2-core machine; the watchdog is for a hang, not for speed.
await runMain('test:web', 480_000, main, closeHeld);
