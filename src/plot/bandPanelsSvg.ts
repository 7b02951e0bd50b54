// A row of panels with curves drawn as lines inside a shaded ±SE band, and horizontal reference
// lines (e.g. the random level 1/√d), as a standalone SVG string: for the data-repetition figure
// of `reproduce repetita` (docs/model.md §5). Plain string building, no DOM and no dependency.
import { dashAttr } from './dashAttr.js';
import { escapeXml as esc } from './escapeXml.js';
import { finiteRuns } from './finiteRuns.js';
import { formatTick } from './formatTick.js';
import { niceTicks } from './niceTicks.js';
import { svgCoordinate as f } from './svgCoordinate.js';

export interface BandSeries {
  /** Legend text; series with the same label share one legend entry. */
  label: string;
  colour: string;
  /** SVG stroke-dasharray ('' or undefined: solid). */
  dash?: string;
  x: number[];
  /** Non-finite values break the line. */
  y: number[];
  /** Standard errors: the band y ± se. */
  se?: number[];
}

export interface ReferenceLine {
  label: string;
  y: number;
  colour: string;
  dash?: string;
}

export interface BandPanel {
  title: string;
  series: BandSeries[];
  references: ReferenceLine[];
}

export interface BandFigure {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  panels: BandPanel[];
  /** A line under the legend. */
  note?: string;
}

const PLOT_W = 300;
const PLOT_H = 240;
const LEFT = 80;
const GAP = 50;
const TOP = 92;
const FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"';

export function bandPanelsSvg(fig: BandFigure): string {
  const columns = Math.max(1, fig.panels.length);
  const width = LEFT + columns * PLOT_W + (columns - 1) * GAP + 30;
  const legend = legendEntries(fig.panels);
  const legendTop = TOP + PLOT_H + 74;
  // Legend columns as wide as the longest label (about 7 px a character at 12 px).
  const columnWidth = 56 + 7 * Math.max(0, ...legend.map((e) => e.label.length));
  const perRow = Math.max(1, Math.floor((width - LEFT) / columnWidth));
  const height = legendTop + Math.ceil(legend.length / perRow) * 22 + 40;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="13">`,
    `<title>${esc(fig.title)}</title>`,
    `<desc>One panel per target. Lines: mean over seeds; shaded bands: ±1 standard error; dashed grey lines: reference levels.</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="figure-title" x="${width / 2}" y="26" text-anchor="middle" font-size="17" font-weight="bold">${esc(fig.title)}</text>`,
  ];
  if (fig.subtitle) out.push(`<text class="figure-subtitle" x="${width / 2}" y="46" text-anchor="middle" font-size="12" fill="#444">${esc(fig.subtitle)}</text>`);
  fig.panels.forEach((panel, i) => out.push(renderPanel(panel, fig, i, LEFT + i * (PLOT_W + GAP), TOP)));
  out.push(renderLegend(legend, legendTop, perRow, columnWidth, fig.note));
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function renderPanel(panel: BandPanel, fig: BandFigure, column: number, x0: number, y0: number): string {
  const xs = panel.series.flatMap((s) => s.x).filter(Number.isFinite);
  const xMax = xs.length > 0 ? Math.max(...xs) : 1;
  const xMin = xs.length > 0 ? Math.min(...xs) : 0;
  const ys = [0, ...panel.references.map((r) => r.y)];
  for (const s of panel.series) s.y.forEach((v, i) => Number.isFinite(v) && ys.push(v + finiteOr0(s.se?.[i])));
  const yTicks = niceTicks(...upwards(Math.min(...ys), Math.max(...ys)), 5);
  const xTicks = niceTicks(...upwards(xMin, xMax), 5);
  const [yLo, yHi] = [yTicks.ticks[0], yTicks.ticks[yTicks.ticks.length - 1]];
  const [xLo, xHi] = [xTicks.ticks[0], xTicks.ticks[xTicks.ticks.length - 1]];
  const sx = (x: number) => ((x - xLo) / (xHi - xLo)) * PLOT_W;
  const sy = (y: number) => PLOT_H - ((y - yLo) / (yHi - yLo)) * PLOT_H;
  const g = [
    `<g class="panel" data-column="${column}" transform="translate(${x0},${y0})">`,
    `<text class="panel-title" x="${PLOT_W / 2}" y="-12" text-anchor="middle" font-size="14" font-weight="bold">f*(z) = ${esc(panel.title)}</text>`,
    `<rect x="0" y="0" width="${PLOT_W}" height="${PLOT_H}" fill="#fbfbfb"/>`,
  ];
  for (const t of yTicks.ticks) {
    const y = f(sy(t));
    g.push(`<line class="grid" x1="0" y1="${y}" x2="${PLOT_W}" y2="${y}" stroke="#e3e3e3"/>`);
    g.push(`<text class="tick-label" x="-6" y="${y}" text-anchor="end" dominant-baseline="middle" font-size="11">${esc(formatTick(t, yTicks.step))}</text>`);
  }
  for (const t of xTicks.ticks) {
    const x = f(sx(t));
    g.push(`<line class="tick" x1="${x}" y1="${PLOT_H}" x2="${x}" y2="${PLOT_H + 5}" stroke="#333"/>`);
    g.push(`<text class="tick-label" x="${x}" y="${PLOT_H + 18}" text-anchor="middle" font-size="11">${esc(formatTick(t, xTicks.step))}</text>`);
  }
  for (const r of panel.references) {
    const y = f(sy(r.y));
    g.push(`<line class="reference" data-label="${esc(r.label)}" x1="0" y1="${y}" x2="${PLOT_W}" y2="${y}" stroke="${r.colour}" stroke-width="1.2"${dashAttr(r.dash)}/>`);
  }
  for (const s of panel.series) {
    for (const seg of finiteRuns(s.x, s.y)) {
      if (s.se) {
        const upper = seg.map((i) => `${f(sx(s.x[i]))},${f(sy(s.y[i] + finiteOr0(s.se![i])))}`);
        const lower = seg.map((i) => `${f(sx(s.x[i]))},${f(sy(s.y[i] - finiteOr0(s.se![i])))}`).reverse();
        g.push(`<polygon class="band" data-label="${esc(s.label)}" points="${[...upper, ...lower].join(' ')}" fill="${s.colour}" fill-opacity="0.18" stroke="none"/>`);
      }
      const points = seg.map((i) => `${f(sx(s.x[i]))},${f(sy(s.y[i]))}`).join(' ');
      g.push(`<polyline class="curve" data-label="${esc(s.label)}" points="${points}" fill="none" stroke="${s.colour}" stroke-width="1.8"${dashAttr(s.dash)}/>`);
    }
  }
  g.push(`<rect class="frame" x="0" y="0" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#333"/>`);
  g.push(`<text class="axis-label" x="${PLOT_W / 2}" y="${PLOT_H + 38}" text-anchor="middle" font-size="12">${esc(fig.xLabel)}</text>`);
  if (column === 0) g.push(`<text class="axis-label" transform="translate(-56,${PLOT_H / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(fig.yLabel)}</text>`);
  g.push('</g>');
  return g.join('\n');
}

type Entry = { label: string; colour: string; dash?: string; kind: 'series' | 'reference' };

function legendEntries(panels: BandPanel[]): Entry[] {
  const seen = new Map<string, Entry>();
  for (const p of panels) {
    for (const s of p.series) if (!seen.has(s.label)) seen.set(s.label, { label: s.label, colour: s.colour, dash: s.dash, kind: 'series' });
    for (const r of p.references) if (!seen.has(r.label)) seen.set(r.label, { label: r.label, colour: r.colour, dash: r.dash, kind: 'reference' });
  }
  return [...seen.values()];
}

function renderLegend(entries: Entry[], top: number, perRow: number, columnWidth: number, note: string | undefined): string {
  const g = [`<g class="legend" transform="translate(0,${top})">`];
  entries.forEach((e, i) => {
    const x = LEFT + (i % perRow) * columnWidth;
    const y = Math.floor(i / perRow) * 22;
    const width = e.kind === 'series' ? 1.8 : 1.2;
    g.push(`<line x1="${x}" y1="${y}" x2="${x + 32}" y2="${y}" stroke="${e.colour}" stroke-width="${width}"${dashAttr(e.dash)}/>`);
    g.push(`<text x="${x + 40}" y="${y}" dominant-baseline="middle" font-size="12">${esc(e.label)}</text>`);
  });
  if (note) g.push(`<text x="${LEFT}" y="${Math.ceil(entries.length / perRow) * 22 + 6}" font-size="11" fill="#555">${esc(note)}</text>`);
  g.push('</g>');
  return g.join('\n');
}

const finiteOr0 = (v: number | undefined): number => (Number.isFinite(v) ? (v as number) : 0);

/** An empty range [lo, lo] widened upwards only (by |lo|, or 1 at 0), so the axis starts at lo. */
function upwards(lo: number, hi: number): [number, number] {
  return [lo, hi > lo ? hi : lo + (Math.abs(lo) > 0 ? Math.abs(lo) : 1)];
}
