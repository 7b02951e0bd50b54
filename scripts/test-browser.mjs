#!/usr/bin/env node
// `npm run test:browser`: checks that the library's browser entry (dist/index.js, built from
// src/ unchanged) runs in headless Chromium and gives the same bits as the Node entry.
//
//  1. builds (npm run build) when dist/ or build/ is missing or older than src/ or assembly/;
//  2. makes sure Debian's Chromium is installed (scripts/ensure-chromium.sh);
//  3. serves the package root on 127.0.0.1 (ephemeral port) with a tiny static server;
//  4. opens test/browser/index.html, which imports /dist/index.js and runs the cases of
//     test/browser/shared.js with the SIMD and scalar builds; runs the same cases in Node
//     through dist/node/index.js; compares FNV-1a 64 digests of the exact bits.
//
// Prints one line per case and build; exits 1 on any mismatch, case error, browser console
// error or page error, and after TEST_BROWSER_TIMEOUT_MS (default 180000) in any case.
// Options: --build (always rebuild first), --no-build (never build).
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const TIMEOUT_MS = Number(process.env.TEST_BROWSER_TIMEOUT_MS || 180_000);
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--disable-dev-shm-usage',
];

const log = (...a) => console.log(...a);
const fail = (msg) => { throw Object.assign(new Error(msg), { oneLine: true }); };

// ---------- resources cleaned up on every exit path ----------
let server = null;
let browser = null;
let child = null;
async function cleanup() {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  if (browser) { const b = browser; browser = null; await b.close().catch(() => {}); }
  if (server) {
    const s = server; server = null;
    s.closeAllConnections?.();
    await new Promise((r) => s.close(() => r()));
  }
}

let timedOut = false;
const watchdog = setTimeout(async () => {
  timedOut = true;
  console.error(`test:browser: timed out after ${TIMEOUT_MS / 1000} s`);
  const hard = setTimeout(() => process.exit(1), 5000);
  hard.unref();
  await cleanup();
  process.exit(1);
}, TIMEOUT_MS);
watchdog.unref();

function run(cmd, args, { capture = false } = {}) {
  return new Promise((resolve, reject) => {
    child = spawn(cmd, args, { cwd: root, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let out = '';
    if (capture) child.stdout.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      child = null;
      if (code === 0) resolve(out);
      else reject(Object.assign(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? 'exit ' + code})`), { oneLine: true }));
    });
  });
}

// ---------- 1. build ----------
function newestMtime(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

async function ensureBuild() {
  if (argv.includes('--no-build')) return;
  const outputs = ['dist/index.js', 'dist/node/index.js', 'build/multipass.simd.wasm', 'build/multipass.scalar.wasm']
    .map((p) => path.join(root, p));
  const missing = outputs.filter((p) => !existsSync(p));
  let why = argv.includes('--build') ? '--build given' : missing.length ? `missing ${path.relative(root, missing[0])}` : '';
  if (!why) {
    const oldest = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
    if (Math.max(newestMtime(path.join(root, 'src')), newestMtime(path.join(root, 'assembly'))) > oldest) why = 'sources newer than the build';
  }
  if (!why) return;
  log(`test:browser: building (${why}) …`);
  await run('npm', ['run', '--silent', 'build']);
}

// ---------- 2. static server ----------
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json', '.css': 'text/css',
};

function startServer() {
  const srv = http.createServer((req, res) => {
    const send = (code, text) => { res.writeHead(code, { 'content-type': 'text/plain' }); res.end(text); };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let rel;
    try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { return send(400, 'bad path'); }
    if (rel.includes('\0')) return send(400, 'bad path');
    const file = path.resolve(root, '.' + path.posix.normalize(rel));
    const inside = path.relative(root, file);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return send(403, 'outside the package root');
    let st;
    try { st = statSync(file); } catch { return send(404, 'not found'); }
    if (!st.isFile()) return send(404, 'not found');
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'content-length': st.size, 'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

// ---------- 3. both sides ----------
async function runNode(shared) {
  const lib = await import(pathToFileURL(path.join(root, 'dist/node/index.js')).href);
  const results = [];
  for (const c of shared.CASES) {
    for (const variant of shared.VARIANTS) {
      const t0 = performance.now();
      try {
        const values = shared.flatten(await c.run(lib, variant));
        results.push({ name: c.name, variant, digest: shared.fnv1a64(values), count: values.length,
          head: Array.from(values.subarray(0, 3)), ms: performance.now() - t0 });
      } catch (e) {
        results.push({ name: c.name, variant, error: String(e?.stack ?? e) });
      }
    }
  }
  return results;
}

async function runBrowser(executablePath, url, problems) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    fail('playwright-core is not installed: run `npm install` (it is a devDependency)');
  }
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  const page = await browser.newPage();
  const note = (p) => { problems.push(p); problems.onFirst?.(); problems.onFirst = null; };
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
  const resp = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  if (!resp || !resp.ok()) fail(`could not load ${url}: HTTP ${resp?.status()}`);
  // Ready, or the first error (a module that fails to load or throws never sets the flag).
  const ready = await Promise.race([
    page.waitForFunction(() => window.browserCasesReady === true, null, { timeout: 30_000 }).then(() => true, () => false),
    new Promise((resolve) => {
      problems.onFirst = () => setTimeout(() => resolve(false), 500);
      if (problems.length) problems.onFirst();
    }),
  ]);
  if (!ready) {
    const bare = problems.map((p) => /Failed to resolve module specifier "([^"]+)"/.exec(p)?.[1]).find(Boolean);
    const hint = bare ? ` — dist/index.js (from src/) imports the npm package '${bare}' by bare name, which a browser cannot load without a bundler; src/ must import only relative modules` : '';
    fail(`the page did not load its modules: ${problems.join('; ') || 'no error reported within 30 s'}${hint}`);
  }
  const results = await page.evaluate(() => window.runBrowserCases());
  return { version: browser.version(), results };
}

// ---------- main ----------
async function main() {
  await ensureBuild();
  const executablePath = (await run('sh', [path.join(root, 'scripts/ensure-chromium.sh')], { capture: true })).trim();
  const shared = await import(pathToFileURL(path.join(root, 'test/browser/shared.js')).href);

  const nodeResults = await runNode(shared);

  server = await startServer();
  const url = `http://127.0.0.1:${server.address().port}/test/browser/index.html`;
  const problems = [];
  const { version, results: browserResults } = await runBrowser(executablePath, url, problems);
  log(`test:browser: Node ${process.version} vs Chromium ${version} (${url})`);

  let bad = 0;
  const width = Math.max(...shared.CASES.map((c) => c.name.length));
  for (const n of nodeResults) {
    const b = browserResults.find((r) => r.name === n.name && r.variant === n.variant);
    const label = `${n.name.padEnd(width)}  ${n.variant.padEnd(6)}`;
    if (n.error || !b || b.error) {
      bad++;
      log(`FAIL  ${label}  ${[n.error && 'node error: ' + n.error, !b && 'missing in browser', b?.error && 'browser error: ' + b.error].filter(Boolean).join('\n      ')}`);
      continue;
    }
    const same = n.digest === b.digest && n.count === b.count;
    if (!same) bad++;
    log(`${same ? 'ok  ' : 'FAIL'}  ${label}  node ${n.digest}  browser ${b.digest}  ${same ? 'equal' : 'DIFFERENT'}` +
      `  (${n.count} numbers; node ${n.ms.toFixed(0)} ms, browser ${b.ms.toFixed(0)} ms)`);
    if (!same) log(`      first values: node ${n.head.join(', ')} | browser ${b.head.join(', ')}`);
  }
  if (browserResults.length !== nodeResults.length) {
    bad++;
    log(`FAIL  the browser ran ${browserResults.length} case runs, Node ${nodeResults.length}`);
  }
  for (const p of problems) log(`FAIL  browser: ${p}`);
  const total = nodeResults.length;
  if (bad || problems.length) {
    log(`test:browser: ${bad} of ${total} case runs differ or failed; ${problems.length} browser problem(s)`);
    return 1;
  }
  log(`test:browser: all ${total} case runs (${shared.CASES.length} cases × ${shared.VARIANTS.join(' + ')}) bit-identical in Node and Chromium`);
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  if (!timedOut) console.error(`test:browser: ${e?.oneLine ? e.message : e?.stack ?? e}`);
  code = 1;
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
process.exit(code);
