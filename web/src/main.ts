// The page: form → runs in Web Workers → live plots, downloads and the CLI command.
import { OPTION_RANGES, parseActivation, parseTarget, resolveSimulateOptions, type Analysis } from '../../src/index.js';
import { analysisHtml } from './analysisView.js';
import { downloadBytes, downloadText, pngOf, resultFiles } from './downloads.js';
import { defaults, FIELDS, type Values } from './fields.js';
import { buildForm, clearError, clearErrors, focusField, readForm, revealChanged, showError, writeForm } from './form.js';
import { cliCommand, fieldOf, runOptions, schedules, theoryMethod } from './options.js';
import { Cancelled, JobError, newWorker, Pool } from './pool.js';
import { PRESETS } from './presets.js';
import type { Reply, WorkerError, WorkerInfo } from './protocol.js';
import { threadsOf, threadsPerSeed } from './threads.js';
import { figureDocument, legend, panelBody, panels, PANEL_H, PANEL_W, DASHES, marker } from './plots.js';
import { runAll, type ScheduleRun } from './runner.js';
import { pushUrl, replaceUrl, valuesFromUrl } from './urlState.js';
import { escapeXml as esc } from '../../src/plot/escapeXml.js';
import { dashAttr } from '../../src/plot/dashAttr.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const cores = navigator.hardwareConcurrency || 2;
const workers = Math.max(1, Math.min(16, cores));
const ANALYSIS_STEPS = 50;

let pool: Pool | null = null;
let runs: ScheduleRun[] = [];
let runValues: Values | null = null;
let drawPending = false;
let starting = false;
let infoReady: Promise<WorkerInfo | null>;

// ---------- live feedback: parse errors at once, the analyser debounced in its own worker ----------

function checkExpression(key: 'target' | 'activation', source: string): boolean {
  try {
    if (key === 'target') parseTarget(source);
    else parseActivation(source);
    clearError(key);
    return true;
  } catch (e) {
    const x = e as { message: string; position?: number; column?: number };
    showError(key, x.message, x.position !== undefined ? { source, position: x.position, column: x.column ?? 0 } : undefined);
    return false;
  }
}

let analyser: Worker | null = null;
let analyserBusy = false;
let analyseTimer = 0;
let analyseSeq = 0;

function scheduleAnalysis(values: Values): void {
  clearTimeout(analyseTimer);
  analyseTimer = window.setTimeout(() => analyse(values), 350);
}

function analyse(values: Values): void {
  const box = $('analysis');
  if (!checkExpression('target', values.target) || !checkExpression('activation', values.activation)) {
    box.dataset.state = 'invalid';
    box.innerHTML = '<p class="muted">Fix the expression to see the analysis.</p>';
    return;
  }
  // A stale analysis is stopped, not awaited.
  if (analyser && analyserBusy) { analyser.terminate(); analyser = null; }
  analyser ??= newWorker();
  const id = ++analyseSeq;
  analyserBusy = true;
  box.dataset.state = 'running';
  box.dataset.target = values.target;
  box.innerHTML = '<p class="muted">Analysing…</p>';
  const options: Record<string, unknown> = { activation: values.activation };
  const num = (k: string) => (values[k].trim() !== '' && Number.isFinite(Number(values[k])) ? Number(values[k]) : undefined);
  // The student's single-pass verdict is for the run's α (n/d when n is given), η and steps; the
  // recursion is iterated at most ANALYSIS_STEPS steps so that long online runs stay interactive.
  const n = num('n');
  const d = num('d');
  const alpha = n !== undefined && d !== undefined ? n / d : num('alpha');
  if (alpha !== undefined) options.alpha = alpha;
  if (num('lr') !== undefined) options.lr = num('lr');
  if (num('steps') !== undefined) options.steps = Math.min(num('steps')!, ANALYSIS_STEPS);
  analyser.onmessage = (e: MessageEvent<Reply>) => {
    if (e.data.id !== id || e.data.type === 'step') return;
    analyserBusy = false;
    if (e.data.type === 'done') {
      box.dataset.state = 'done';
      box.innerHTML = analysisHtml(e.data.value as Analysis);
    } else {
      box.dataset.state = 'error';
      box.innerHTML = `<p class="muted">No analysis: ${esc(e.data.error.message)}</p>`;
    }
  };
  analyser.postMessage({ type: 'analyze', id, target: values.target, options });
}

// ---------- a run ----------

function fail(field: string | null, message: string): void {
  if (field) {
    showError(field, message);
    focusField(field);
  }
  setStatus(field ? `Not run: ${message}` : message, 'error');
}

function setStatus(text: string, kind: 'info' | 'error' | 'done' = 'info'): void {
  const s = $('status');
  s.textContent = text;
  s.dataset.kind = kind;
}

/** Every input checked in this thread before any worker starts, each error at its field. */
function validate(values: Values): ScheduleRun[] | null {
  clearErrors();
  const fieldFor = (sched: string) => (values.schedule.trim() === sched ? 'schedule' : 'schedule2');
  const list = schedules(values);
  if (list.length === 0) { fail('schedule', 'give at least one schedule'); return null; }
  const out: ScheduleRun[] = [];
  for (const schedule of list) {
    const options = runOptions(values, schedule);
    try {
      const { seeds, ...sim } = options;
      void seeds;
      resolveSimulateOptions(sim);
    } catch (e) {
      const x = e as { option?: string; message: string; position?: number; column?: number };
      const field = fieldOf(x.option, fieldFor(schedule));
      if (field && (field === 'target' || field === 'activation') && x.position !== undefined) {
        showError(field, x.message, { source: values[field], position: x.position, column: x.column ?? 0 });
        focusField(field);
        setStatus(`Not run: ${x.message}`, 'error');
      } else fail(field, x.message);
      return null;
    }
    out.push({ schedule, field: fieldFor(schedule), options, seedsDone: 0, complete: false });
  }
  const rangeError = (key: 'seeds' | 'samples') => {
    const r = OPTION_RANGES[key];
    const v = Number(values[key]);
    return Number.isInteger(v) && v >= r.min && v <= r.max ? null : `${key} must be an integer from ${r.min} to ${r.max} (got ${values[key] || 'nothing'})`;
  };
  const seedsError = rangeError('seeds');
  if (seedsError) { fail('seeds', seedsError); return null; }
  const samplesError = values.theory ? rangeError('samples') : null;
  if (samplesError) { fail('samples', samplesError); return null; }
  return out;
}

async function run(push = true): Promise<void> {
  if (pool || starting) return;
  // The threads a seed may use come from a worker's backendInfo (asked once at load).
  starting = true;
  let info: WorkerInfo | null;
  // Reset in this continuation, which reaches `pool = …` without yielding: no second run can start in between.
  try { info = await infoReady; } finally { starting = false; }
  const values = readForm();
  const planned = validate(values);
  if (!planned) return;
  if (push) pushUrl(values, true);
  runs = planned;
  runValues = values;
  const seeds = runs.reduce((s, r) => s + r.options.seeds, 0);
  // One worker per job that can run at once: the seeds and the theory curves.
  const theoryJobs = values.theory !== '' ? runs.filter((r) => theoryMethod(r.schedule) !== null).length : 0;
  pool = new Pool(Math.min(workers, seeds + theoryJobs));
  $('workers').textContent = String(pool.size);
  // The cores are shared by every worker of the run (seeds and theory curves alike).
  const busy = pool.size;
  const threads = threadsPerSeed(info, busy, cores);
  if (info) showThreads(info, busy);
  $('results').hidden = false;
  setRunning(true);
  // The previous run's plots and notes give way at once (empty panels until a seed finishes).
  draw();
  const t0 = performance.now();
  setStatus(`Running ${runs.map((r) => r.schedule).join(' and ')} on ${pool.size} worker${pool.size > 1 ? 's' : ''}${threads !== undefined && threads > 1 ? `, ${threads} threads per seed` : ''}…`);
  progress(0, 1, t0);
  try {
    await runAll(pool, runs, { theory: values.theory !== '', samples: Number(values.samples), threads }, {
      onProgress: (done, total) => progress(done, total, t0),
      onUpdate: requestDraw,
    });
    progress(1, 1, t0);
    setStatus(`Done in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${runs.map((r) => `${r.schedule} ${r.options.seeds} seed${r.options.seeds > 1 ? 's' : ''}`).join(', ')}.`, 'done');
    $('results').dataset.complete = 'true';
  } catch (e) {
    if (e instanceof Cancelled) setStatus('Cancelled: the workers were stopped; the plots show the seeds that had finished.', 'error');
    else if (e instanceof JobError) reportJobError(e.error);
    else setStatus(`Failed: ${(e as Error).message}`, 'error');
  } finally {
    pool?.terminate();
    pool = null;
    setRunning(false);
    draw();
  }
}

function reportJobError(error: WorkerError): void {
  const memory = /memory|allocat/i.test(error.message) && !error.option;
  const field = memory ? 'd' : fieldOf(error.option, 'schedule');
  const message = memory ? `the run needs more memory than this browser gives a worker (${error.message}); lower d, n or seeds` : error.message;
  fail(field, message);
}

function cancel(): void {
  pool?.terminate();
}

function setRunning(on: boolean): void {
  $<HTMLButtonElement>('run').disabled = on;
  $<HTMLButtonElement>('cancel').disabled = !on;
  $('progress-wrap').hidden = !on;
  $('results').dataset.running = String(on);
  if (on) delete $('results').dataset.complete;
}

function progress(done: number, total: number, t0: number): void {
  const bar = $<HTMLProgressElement>('progress');
  bar.max = total;
  bar.value = done;
  const elapsed = (performance.now() - t0) / 1000;
  const eta = done > 0 && done < total ? ` — about ${Math.ceil((elapsed / done) * (total - done))} s left` : '';
  $('progress-text').textContent = `${Math.round((100 * done) / total)} %${eta}`;
}

// ---------- drawing ----------

function requestDraw(): void {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    draw();
  });
}

function figurePanels() {
  return panels(runs, runValues?.layout === 'side by side');
}

function draw(): void {
  if (runs.length === 0) return;
  const ps = figurePanels();
  $('plots').style.setProperty('--columns', String(runValues?.layout === 'side by side' ? runs.length : 2));
  $('plots').innerHTML = ps.map((p) => `<figure class="panel"><svg viewBox="0 0 ${PANEL_W} ${PANEL_H}" role="img" aria-label="${esc(p.title)}">${panelBody(p)}</svg></figure>`).join('');
  $('legend').innerHTML = legend(ps).map((e) => {
    const sym = e.kind === 'theory' ? `<line x1="2" x2="24" y1="8" y2="8" stroke="${e.colour}" stroke-width="2"${dashAttr(DASHES[e.variant % 4])}/>` : marker(13, 8, e.variant, e.colour);
    return `<li><svg width="26" height="16" aria-hidden="true">${sym}</svg>${esc(e.label)}</li>`;
  }).join('');
  $('run-notes').innerHTML = runs.map(noteOf).join('');
  $('downloads').innerHTML = runs.map(downloadsOf).join('');
}

function noteOf(r: ScheduleRun): string {
  const lines = [`<strong>${esc(r.schedule)}</strong>: ${r.seedsDone} of ${r.options.seeds} seeds${r.complete ? '' : ' so far'}`];
  for (const d of r.result?.diverged ?? []) {
    lines.push(`seed ${d.seed} diverged at step ${d.step}: the plots show steps 0…${(r.result?.steps.length ?? 1) - 1}, which every seed reached${d.cause ? ` (${esc(d.cause)})` : ' (try a smaller learning rate)'}`);
  }
  if (r.fault) lines.push(`${esc(r.fault.message)} — the steps before it are shown`);
  if (r.theoryNote) lines.push(esc(r.theoryNote));
  return `<p class="note" data-schedule="${esc(r.schedule)}" data-seeds-done="${r.seedsDone}" data-complete="${r.complete}">${lines.join('<br>')}</p>`;
}

function downloadsOf(r: ScheduleRun, i: number): string {
  const disabled = r.result ? '' : ' disabled';
  const base = r.schedule.replace(/[^A-Za-z0-9]+/g, '-');
  return `<div class="download-row"><span>${esc(r.schedule)}:</span>` +
    ['json', 'csv', 'npz'].map((f) => `<button type="button" data-download="${f}" data-run="${i}"${disabled}>${f.toUpperCase()}</button>`).join('') +
    `<code class="cli" data-schedule="${esc(r.schedule)}">${esc(cliCommand(r.options, `${base}.json`))}</code>` +
    `<button type="button" data-copy="${i}">Copy command</button></div>`;
}

function onDownloadClick(e: Event): void {
  const b = (e.target as HTMLElement).closest('button');
  if (!b) return;
  if (b.dataset.copy !== undefined) {
    const text = $('downloads').querySelectorAll('code.cli')[Number(b.dataset.copy)].textContent ?? '';
    void navigator.clipboard?.writeText(text).then(() => setStatus('Command copied.', 'done'), () => setStatus('Copy failed: select the command and copy it.', 'error'));
    return;
  }
  const r = runs[Number(b.dataset.run)];
  if (!r?.result) return;
  const files = resultFiles(r.result);
  const base = r.schedule.replace(/[^A-Za-z0-9]+/g, '-');
  const f = b.dataset.download as 'json' | 'csv' | 'npz';
  if (f === 'npz') downloadBytes(files.npz(), `${base}.npz`, 'application/octet-stream');
  else downloadText(f === 'json' ? files.json() : files.csv(), `${base}.${f}`, f === 'json' ? 'application/json' : 'text/csv');
}

function figureTitle(): string {
  const v = runValues!;
  return `${v.target} — σ = ${v.activation}, d = ${v.d}, ${v.n ? `n = ${v.n}` : `α = ${v.alpha}`}, p = ${v.p}, η = ${v.lr}, ${v.seeds} seeds`;
}

async function downloadFigure(kind: 'svg' | 'png'): Promise<void> {
  if (runs.length === 0) return;
  const columns = runValues?.layout === 'side by side' ? runs.length : 2;
  const svg = figureDocument(figurePanels(), columns, figureTitle());
  if (kind === 'svg') downloadText(svg, 'figure.svg', 'image/svg+xml');
  else downloadBytes(await pngOf(svg), 'figure.png', 'image/png');
}

// ---------- wiring ----------

function onInput(e: Event): void {
  const key = (e.target as HTMLInputElement).name;
  if (!FIELDS.some((f) => f.key === key)) return;
  const values = readForm();
  replaceUrl(values);
  // The layout is a way of looking at the run: redrawn at once, nothing is recomputed.
  if (key === 'layout' && runValues) {
    runValues = { ...runValues, layout: values.layout };
    draw();
  }
  if (key === 'target' || key === 'activation') checkExpression(key, values[key]);
  else clearError(key);
  if (['target', 'activation', 'alpha', 'n', 'd', 'lr', 'steps'].includes(key)) scheduleAnalysis(values);
}

function applyValues(values: Values): void {
  writeForm(values);
  revealChanged(values);
  clearErrors();
  checkExpression('target', values.target);
  checkExpression('activation', values.activation);
  scheduleAnalysis(values);
}

/** What a worker of this page reports (backendInfo), or null when it fails. */
function workerInfo(): Promise<WorkerInfo | null> {
  return new Promise((resolve) => {
    const w = newWorker();
    w.onmessage = (e: MessageEvent<Reply>) => {
      w.terminate();
      resolve(e.data.type === 'done' ? (e.data.value as WorkerInfo) : null);
    };
    w.onerror = (e) => {
      e.preventDefault();
      w.terminate();
      resolve(null);
    };
    w.postMessage({ type: 'info', id: 0 });
  });
}

async function showBackend(): Promise<void> {
  const info = await infoReady;
  $('backend').textContent = info ? `${info.variant}${info.simdSupported ? '' : ' (no WASM SIMD here)'}` : 'not loaded';
  $('backend').dataset.variant = info?.variant ?? '';
  // Before a run: the threads of a run that fills every worker.
  if (info) showThreads(info, workers);
}

function showThreads(info: WorkerInfo, busy: number): void {
  const threads = threadsOf(info, busy, cores);
  $('threads').textContent = String(threads.count);
  $('threads').dataset.count = String(threads.count);
  $('threads-why').textContent = threads.why ? `(${threads.why})` : '';
}

function main(): void {
  buildForm($('basic'), $('advanced'), $('training'));
  const select = $<HTMLSelectElement>('preset');
  select.innerHTML = '<option value="">Presets…</option>' + Object.entries(PRESETS).map(([k, p]) => `<option value="${k}">${esc(p.label)}</option>`).join('');
  select.addEventListener('change', () => {
    const p = PRESETS[select.value];
    if (!p) return;
    const values = { ...defaults(), ...p.values };
    applyValues(values);
    pushUrl(values, false);
    select.value = '';
  });
  const { values, run: autoRun } = valuesFromUrl();
  applyValues(values);
  $('pool-size').textContent = String(workers);
  $('isolated').textContent = self.crossOriginIsolated ? 'yes' : 'no';
  infoReady = workerInfo();
  void showBackend();
  $('form').addEventListener('input', onInput);
  $('form').addEventListener('change', onInput);
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  $('cancel').addEventListener('click', cancel);
  $('downloads').addEventListener('click', onDownloadClick);
  $('svg').addEventListener('click', () => void downloadFigure('svg'));
  $('png').addEventListener('click', () => void downloadFigure('png'));
  window.addEventListener('popstate', () => {
    cancel();
    const s = valuesFromUrl();
    applyValues(s.values);
    if (s.run) void waitIdle().then(() => run(false));
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && pool) cancel();
  });
  (window as unknown as { multipassPage: unknown }).multipassPage = { runs: () => runs };
  document.body.dataset.ready = 'true';
  if (autoRun) void run(false);
}

const waitIdle = () => new Promise<void>((resolve) => {
  const check = () => (pool ? setTimeout(check, 20) : resolve());
  check();
});

main();
