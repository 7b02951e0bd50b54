// The page's figure: small SVG panels (mean ± SE markers or bands for simulations, lines for
// theory), written as strings so that the same markup is shown, exported as .svg and drawn
// into a canvas for .png. Every plotted series carries its numbers in data attributes
// (JSON, shortest round-trip form: the exact doubles) so that tests read what is drawn.
import type { ScheduleRun } from './runner.js';
import { escapeXml as esc } from '../../src/plot/escapeXml.js';
import { dashAttr } from '../../src/plot/dashAttr.js';

export interface Series {
  /** Legend text (schedule, kind, unit j): series of one unit share a marker and an entry. */
  label: string;
  /** Added to the label in the series' tooltip (the component c of the orthogonal overlap). */
  title: string;
  colour: string;
  /** Neuron / component index: picks the marker and dash. */
  variant: number;
  kind: 'simulation' | 'theory';
  x: number[];
  mean: number[];
  se?: number[];
  attrs: Record<string, string | number>;
}

export interface Panel {
  title: string;
  series: Series[];
  note?: string;
}

const COLOURS = ['#1f5fbf', '#d0402b', '#2a9d55', '#8e44ad'];
const DASHES = ['', '6 3', '2 3', '9 3 2 3'];
export const PANEL_W = 380;
export const PANEL_H = 250;
const M = { left: 56, right: 20, top: 28, bottom: 52 };

const OBSERVABLES = [
  { key: 'overlap', title: 'overlap M_j·u₁' },
  { key: 'orthogonalOverlap', title: 'orthogonal overlap M_j·u₁⊥' },
  { key: 'testError', title: 'test error' },
  { key: 'cosine', title: 'cosine with the target subspace' },
  // Present only when the second layer is trained (secondLayerLr > 0, docs/model.md §4).
  { key: 'a', title: 'second layer a_j' },
] as const;

type Obs = (typeof OBSERVABLES)[number]['key'];
type Nested = number | Nested[];

/** Per index path (j, c, …) the values over t of one field [t][…]. */
function columns(mean: Nested[], se: Nested[] | undefined): { path: number[]; mean: number[]; se?: number[] }[] {
  const out = new Map<string, { path: number[]; mean: number[]; se?: number[] }>();
  const walk = (v: Nested, s: Nested | undefined, path: number[]) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, Array.isArray(s) ? s[i] : undefined, [...path, i]));
    const key = path.slice(1).join(',');
    const col = out.get(key) ?? { path: path.slice(1), mean: [], se: se ? [] : undefined };
    col.mean.push(v);
    if (col.se) col.se.push(typeof s === 'number' ? s : NaN);
    out.set(key, col);
  };
  mean.forEach((row, t) => walk(row, se?.[t], [t]));
  return [...out.values()];
}

function seriesOf(run: ScheduleRun, index: number, obs: Obs): Series[] {
  const out: Series[] = [];
  const add = (kind: Series['kind'], steps: number[], field: { mean: Nested[]; se?: Nested[] } | undefined) => {
    if (!field) return;
    for (const col of columns(field.mean, field.se)) {
      const j = col.path[0] ?? 0;
      const c = col.path.length > 1 ? ` c=${col.path[1] + 1}` : '';
      out.push({
        label: `${run.schedule} ${kind === 'theory' ? 'theory' : 'simulation'}${col.path.length ? `, unit j=${j + 1}` : ''}`, title: c, colour: COLOURS[index % COLOURS.length],
        variant: j, kind, x: steps, mean: col.mean, se: kind === 'simulation' ? col.se : undefined,
        attrs: { observable: obs, schedule: run.schedule, kind, path: col.path.join(',') },
      });
    }
  };
  const field = (r: object) => (r as Record<string, { mean: Nested[]; se?: Nested[] } | undefined>)[obs];
  if (run.result) add('simulation', run.result.steps, field(run.result));
  if (run.theory) add('theory', run.theory.steps, field(run.theory));
  return out;
}

/** The panels: one per observable (schedules overlaid), or one per observable and schedule. */
export function panels(runs: ScheduleRun[], sideBySide: boolean): Panel[] {
  const groups = sideBySide ? runs.map((r) => [r]) : [runs];
  const trainedA = runs.some((r) => r.result && 'a' in r.result);
  return OBSERVABLES.filter((o) => o.key !== 'a' || trainedA).flatMap((o) =>
    groups.map((g) => {
      const series = g.flatMap((r) => seriesOf(r, runs.indexOf(r), o.key));
      const noOrtho = o.key === 'orthogonalOverlap' && g.some((r) => r.result && r.result.orthogonalOverlap.mean[0]?.[0]?.length === 0);
      return { title: sideBySide ? `${o.title} — ${g[0].schedule}` : o.title, series, note: noOrtho ? 'k = 1: u₁ spans the target, no complement' : undefined };
    }),
  );
}

function ticks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(0) : String(+v.toPrecision(4)));
const finite = (v: number) => Number.isFinite(v);

function marker(x: number, y: number, variant: number, colour: string): string {
  const s = 3.5;
  switch (variant % 4) {
    case 0: return `<circle cx="${x}" cy="${y}" r="${s}" fill="${colour}"/>`;
    case 1: return `<rect x="${x - s}" y="${y - s}" width="${2 * s}" height="${2 * s}" fill="white" stroke="${colour}" stroke-width="1.5"/>`;
    case 2: return `<path d="M${x} ${y - s - 1}L${x + s + 1} ${y + s}L${x - s - 1} ${y + s}Z" fill="${colour}"/>`;
    default: return `<path d="M${x} ${y - s - 1}L${x + s + 1} ${y}L${x} ${y + s + 1}L${x - s - 1} ${y}Z" fill="white" stroke="${colour}" stroke-width="1.5"/>`;
  }
}

/** One panel as an SVG fragment of PANEL_W × PANEL_H (no outer <svg>). */
export function panelBody(p: Panel): string {
  const xs = p.series.flatMap((s) => s.x);
  const ys = p.series.flatMap((s) => s.mean.flatMap((m, i) => [m - (s.se?.[i] ?? 0), m + (s.se?.[i] ?? 0)])).filter(finite);
  const x0 = xs.length ? Math.min(...xs) : 0;
  const x1 = xs.length ? Math.max(...xs, x0 + 1) : 1;
  let y0 = ys.length ? Math.min(...ys, 0) : 0;
  let y1 = ys.length ? Math.max(...ys) : 1;
  if (y1 - y0 < 1e-12) { y0 -= 0.5; y1 += 0.5; }
  const pad = (y1 - y0) * 0.05;
  y0 -= pad; y1 += pad;
  const w = PANEL_W - M.left - M.right;
  const h = PANEL_H - M.top - M.bottom;
  const logX = logSpaced(p.series);
  // Log-spaced records (record: 'log:K', online SGD over 10⁵ steps) on a log10(1 + t) axis.
  const sx = (v: number) => (logX ? Math.log10(1 + v) : v);
  const X = (v: number) => +(M.left + ((sx(v) - sx(x0)) / (sx(x1) - sx(x0))) * w).toFixed(2);
  const Y = (v: number) => +(M.top + (1 - (v - y0) / (y1 - y0)) * h).toFixed(2);
  const out: string[] = [`<rect x="0" y="0" width="${PANEL_W}" height="${PANEL_H}" fill="white"/>`];
  out.push(`<text x="${PANEL_W / 2}" y="17" text-anchor="middle" font-size="13" font-weight="bold">${esc(p.title)}</text>`);
  for (const t of ticks(y0, y1, 5)) out.push(`<line x1="${M.left}" x2="${M.left + w}" y1="${Y(t)}" y2="${Y(t)}" stroke="#e3e3e3"/><text x="${M.left - 5}" y="${Y(t) + 4}" text-anchor="end" font-size="11">${fmt(t)}</text>`);
  for (const t of logX ? decades(x1) : ticks(x0, x1, Math.min(8, x1 - x0))) out.push(`<text x="${X(t)}" y="${M.top + h + 16}" text-anchor="middle" font-size="11">${logX ? power(t) : fmt(t)}</text>`);
  out.push(`<rect x="${M.left}" y="${M.top}" width="${w}" height="${h}" fill="none" stroke="#444"/>`);
  out.push(`<text x="${M.left + w / 2}" y="${M.top + h + 32}" text-anchor="middle" font-size="11">step t${logX ? ' (log scale)' : ''}</text>`);
  for (const s of p.series) out.push(seriesSvg(s, X, Y));
  if (p.note || p.series.length === 0) out.push(`<text x="${M.left + w / 2}" y="${M.top + h / 2}" text-anchor="middle" font-size="12" fill="#666">${esc(p.note ?? 'no data yet')}</text>`);
  return out.join('');
}

/** True when the recorded steps are log-spaced: their largest gap is over 10 times their smallest, beyond 100 steps. */
function logSpaced(series: Series[]): boolean {
  const x = series.find((s) => s.kind === 'simulation')?.x ?? series[0]?.x ?? [];
  if (x.length < 3 || x[x.length - 1] < 100) return false;
  const gaps = x.slice(1).map((v, i) => v - x[i]);
  return Math.max(...gaps) > 10 * Math.min(...gaps);
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** A tick of the log axis: 0, 10, 100, then 10³, 10⁴, … */
const power = (v: number) => (v < 1000 ? String(v) : `10${[...String(Math.round(Math.log10(v)))].map((c) => SUPERSCRIPT[Number(c)]).join('')}`);

/** 0 and the powers of ten up to x1 (tick marks of the log axis). */
function decades(x1: number): number[] {
  const out = [0];
  for (let v = 10; v <= x1; v *= 10) out.push(v);
  return out;
}

function pathOf(xs: number[], ys: number[], X: (v: number) => number, Y: (v: number) => number): string {
  let d = '';
  let pen = false;
  ys.forEach((y, i) => {
    if (!finite(y)) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${X(xs[i])} ${Y(y)}`;
    pen = true;
  });
  return d;
}

function seriesSvg(s: Series, X: (v: number) => number, Y: (v: number) => number): string {
  const data = Object.entries(s.attrs).map(([k, v]) => ` data-${k}="${esc(String(v))}"`).join('');
  const nums = ` data-mean="${esc(JSON.stringify(s.mean))}"${s.se ? ` data-se="${esc(JSON.stringify(s.se))}"` : ''}`;
  const dash = DASHES[s.variant % DASHES.length];
  const parts: string[] = [];
  if (s.kind === 'theory') {
    parts.push(`<path d="${pathOf(s.x, s.mean, X, Y)}" fill="none" stroke="${s.colour}" stroke-width="2"${dashAttr(dash)} opacity="0.8"/>`);
  } else if (s.x.length > 60) {
    const lo = s.mean.map((m, i) => m - (s.se?.[i] ?? 0));
    const hi = s.mean.map((m, i) => m + (s.se?.[i] ?? 0));
    const ok = s.mean.map((m, i) => finite(lo[i]) && finite(hi[i]));
    const up = s.x.flatMap((x, i) => (ok[i] ? [`${X(x)} ${Y(hi[i])}`] : []));
    const down = s.x.flatMap((x, i) => (ok[i] ? [`${X(x)} ${Y(lo[i])}`] : [])).reverse();
    if (up.length) parts.push(`<path d="M${[...up, ...down].join('L')}Z" fill="${s.colour}" opacity="0.18"/>`);
    parts.push(`<path d="${pathOf(s.x, s.mean, X, Y)}" fill="none" stroke="${s.colour}" stroke-width="1.4"${dashAttr(dash)}/>`);
  } else {
    parts.push(`<path d="${pathOf(s.x, s.mean, X, Y)}" fill="none" stroke="${s.colour}" stroke-width="0.8" opacity="0.5"/>`);
    s.mean.forEach((m, i) => {
      if (!finite(m)) return;
      const e = s.se?.[i] ?? 0;
      if (finite(e) && e > 0) parts.push(`<line x1="${X(s.x[i])}" x2="${X(s.x[i])}" y1="${Y(m - e)}" y2="${Y(m + e)}" stroke="${s.colour}" stroke-width="1.2"/>`);
      parts.push(marker(X(s.x[i]), Y(m), s.variant, s.colour));
    });
  }
  return `<g class="series"${data}${nums}><title>${esc(s.label + s.title)}</title>${parts.join('')}</g>`;
}

/** Legend entries (one per schedule × kind × variant) as HTML-free data. */
export function legend(ps: Panel[]): { label: string; colour: string; kind: string; variant: number }[] {
  const seen = new Map<string, { label: string; colour: string; kind: string; variant: number }>();
  // Keyed by the drawn style: the test error (no unit) shares unit 1's entry when both are drawn.
  const all = ps.flatMap((p) => p.series);
  const withUnit = all.filter((s) => s.label.includes('unit'));
  for (const s of [...withUnit, ...all]) {
    const key = `${s.colour} ${s.kind} ${s.variant}`;
    if (!seen.has(key)) seen.set(key, { label: s.label, colour: s.colour, kind: s.kind, variant: s.variant });
  }
  return [...seen.values()].sort((a, b) => a.colour.localeCompare(b.colour) || a.kind.localeCompare(b.kind) || a.variant - b.variant);
}

/** The whole figure as one standalone SVG document (the export), `columns` panels per row. */
export function figureDocument(ps: Panel[], columns: number, title: string): string {
  const rows = Math.ceil(ps.length / columns);
  const entries = legend(ps);
  const legendH = Math.ceil(entries.length / 3) * 20 + 16;
  const W = columns * PANEL_W;
  const H = 36 + rows * PANEL_H + legendH;
  const body = ps.map((p, i) => `<g transform="translate(${(i % columns) * PANEL_W} ${36 + Math.floor(i / columns) * PANEL_H})">${panelBody(p)}</g>`);
  const leg = entries.map((e, i) => {
    const x = (i % 3) * (W / 3) + 16;
    const y = 36 + rows * PANEL_H + 14 + Math.floor(i / 3) * 20;
    const sym = e.kind === 'theory' ? `<line x1="${x}" x2="${x + 22}" y1="${y}" y2="${y}" stroke="${e.colour}" stroke-width="2"${dashAttr(DASHES[e.variant % 4])}/>` : marker(x + 11, y, e.variant, e.colour);
    return `${sym}<text x="${x + 28}" y="${y + 4}" font-size="12">${esc(e.label)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif"><rect width="${W}" height="${H}" fill="white"/><text x="${W / 2}" y="24" text-anchor="middle" font-size="15">${esc(title)}</text>${body.join('')}${leg.join('')}</svg>`;
}

export { marker, DASHES };
