// The paper's headline figure (docs/model.md §5) as a standalone SVG string: 2 rows × 3
// panels, one column per target; row 1 the overlap on the step-1 direction u₁, row 2 the
// overlap on its orthogonal complement. Simulations are markers with ±SE error bars, theory
// curves are lines (DMFT for multi-pass, state evolution for single-pass). Plain string
// building, no DOM and no dependency, so it runs unchanged in Node and in browsers.
import { dashAttr } from './dashAttr.js';
import { escapeXml as esc } from './escapeXml.js';
import { finiteRuns } from './finiteRuns.js';
import { formatTick } from './formatTick.js';
import { niceTicks } from './niceTicks.js';
import { svgCoordinate as f } from './svgCoordinate.js';

export interface FigureSeries {
  /** Legend text, e.g. 'multi-pass, simulation (j = 1)'. Series with the same label share one legend entry. */
  label: string;
  /** 'multi-pass' (blue), 'single-pass' (red) or any other name (further colours). */
  schedule: string;
  /** Simulations: markers with error bars; theory: lines. */
  kind: 'simulation' | 'theory';
  /** One value per step of the panel (or of `steps`); non-finite values are skipped. */
  y: number[];
  /** Standard errors (simulations): drawn as ±se bars. */
  se?: number[];
  /** x values when they differ from the panel's steps. */
  steps?: number[];
}

export interface FigurePanel {
  /** The target expression, e.g. 'tanh(z1 + He3(z2))'. */
  title: string;
  /** Steps t = 0 … T (the x axis). */
  steps: number[];
  /** Row 1: M_j·u₁. */
  overlap: FigureSeries[];
  /** Row 2: M_j·u₁⊥. */
  orthogonalOverlap: FigureSeries[];
}

export interface FigureData {
  /** Usually three panels, one per target; any number of columns is drawn. */
  panels: FigurePanel[];
  /** Figure heading. */
  title?: string;
  /** A line under the heading, e.g. 'd = 5000, α = 3, η = 0.2, 32 seeds'. */
  subtitle?: string;
}

const PLOT_W = 320;
const PLOT_H = 220;
const MARGIN_LEFT = 96;
const COLUMN_GAP = 64;
const TOP = 104;
const ROW_GAP = 96;
const LEGEND_TOP_GAP = 70;
const FONT = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\"";

const SCHEDULE_COLOURS: Record<string, string> = { 'multi-pass': '#1f5fbf', 'single-pass': '#d0402b' };
const OTHER_COLOURS = ['#2a9d55', '#8e44ad', '#c98a00', '#17a2b8', '#555555'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;
const DASHES = ['', '7 4', '2 3', '10 3 2 3'];

const ROWS = [
  { key: 'overlap', label: 'overlap M_j·u₁', caption: 'on the step-1 direction u₁' },
  { key: 'orthogonalOverlap', label: 'orthogonal overlap M_j·u₁⊥', caption: 'on the orthogonal complement u₁⊥' },
] as const;

interface Style {
  colour: string;
  marker: (typeof MARKERS)[number];
  dash: string;
}

/** Renders the figure; the result is a complete, well-formed SVG document. */
export function figureSvg(data: FigureData): string {
  const columns = Math.max(1, data.panels.length);
  const styles = assignStyles(data.panels);
  const width = MARGIN_LEFT + columns * PLOT_W + (columns - 1) * COLUMN_GAP + 40;
  const legendEntries = [...styles.entries()];
  const legendTop = TOP + 2 * PLOT_H + ROW_GAP + LEGEND_TOP_GAP - 10;
  const legendRows = Math.ceil(legendEntries.length / 2);
  const height = legendTop + legendRows * 24 + 24;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="13">`,
    `<title>${esc(data.title ?? 'Overlaps under multi-pass and single-pass gradient descent')}</title>`,
    `<desc>Two rows of panels, one column per target. Row 1: overlap of each student neuron with the step-1 direction u1; row 2: with its orthogonal complement. Markers: simulation means with ±1 standard error bars; lines: theory.</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  if (data.title) out.push(`<text class="figure-title" x="${width / 2}" y="26" text-anchor="middle" font-size="18" font-weight="bold">${esc(data.title)}</text>`);
  if (data.subtitle) out.push(`<text class="figure-subtitle" x="${width / 2}" y="46" text-anchor="middle" font-size="13" fill="#444">${esc(data.subtitle)}</text>`);

  data.panels.forEach((panel, column) => {
    ROWS.forEach((row, r) => {
      const x0 = MARGIN_LEFT + column * (PLOT_W + COLUMN_GAP);
      const y0 = TOP + r * (PLOT_H + ROW_GAP);
      out.push(renderPanel(panel, panel[row.key], row, column, r, x0, y0, styles));
    });
  });

  out.push(renderLegend(legendEntries, legendTop, width));
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Colour by schedule; marker shape / dash by the series' rank among those of its schedule and kind. */
function assignStyles(panels: FigurePanel[]): Map<string, Style & { kind: FigureSeries['kind'] }> {
  const styles = new Map<string, Style & { kind: FigureSeries['kind'] }>();
  const rank = new Map<string, number>();
  let extra = 0;
  const extraColour = new Map<string, string>();
  for (const panel of panels) {
    for (const s of [...panel.overlap, ...panel.orthogonalOverlap]) {
      if (styles.has(s.label)) continue;
      let colour = SCHEDULE_COLOURS[s.schedule] ?? extraColour.get(s.schedule);
      if (!colour) {
        colour = OTHER_COLOURS[extra++ % OTHER_COLOURS.length];
        extraColour.set(s.schedule, colour);
      }
      const key = `${s.schedule}|${s.kind}`;
      const i = rank.get(key) ?? 0;
      rank.set(key, i + 1);
      styles.set(s.label, { colour, marker: MARKERS[i % MARKERS.length], dash: DASHES[i % DASHES.length], kind: s.kind });
    }
  }
  return styles;
}

function renderPanel(
  panel: FigurePanel,
  series: FigureSeries[],
  row: (typeof ROWS)[number],
  column: number,
  r: number,
  x0: number,
  y0: number,
  styles: Map<string, Style>,
): string {
  const xs = panel.steps.length > 0 ? panel.steps : [0, 1];
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const xPad = Math.max(0.35, (xMax - xMin) * 0.04);
  const xScale = (x: number) => ((x - (xMin - xPad)) / (xMax - xMin + 2 * xPad)) * PLOT_W;

  const yValues: number[] = [0];
  for (const s of series) {
    s.y.forEach((v, i) => {
      const e = s.se?.[i];
      if (Number.isFinite(v)) yValues.push(v);
      if (Number.isFinite(v) && e !== undefined && Number.isFinite(e)) yValues.push(v - e, v + e);
    });
  }
  const yTicks = niceTicks(Math.min(...yValues), Math.max(...yValues), 5);
  const yLo = yTicks.ticks[0];
  const yHi = yTicks.ticks[yTicks.ticks.length - 1];
  const yScale = (y: number) => PLOT_H - ((y - yLo) / (yHi - yLo)) * PLOT_H;
  const xTicks = integerTicks(xMin, xMax);

  const g: string[] = [];
  g.push(`<g class="panel" data-row="${row.key}" data-column="${column}" transform="translate(${x0},${y0})">`);
  g.push(`<text class="panel-title" x="${PLOT_W / 2}" y="-24" text-anchor="middle" font-size="14" font-weight="bold">f*(z) = ${esc(panel.title)}</text>`);
  g.push(`<text class="panel-caption" x="${PLOT_W / 2}" y="-8" text-anchor="middle" font-size="11" fill="#555">${esc(row.caption)}</text>`);
  g.push(`<rect x="0" y="0" width="${PLOT_W}" height="${PLOT_H}" fill="#fbfbfb" stroke="none"/>`);
  // Grid and ticks.
  for (const t of yTicks.ticks) {
    const y = f(yScale(t));
    g.push(`<line class="grid" x1="0" y1="${y}" x2="${PLOT_W}" y2="${y}" stroke="#e3e3e3" stroke-width="1"/>`);
    g.push(`<line class="tick" x1="-5" y1="${y}" x2="0" y2="${y}" stroke="#333"/>`);
    g.push(`<text class="tick-label" x="-8" y="${y}" text-anchor="end" dominant-baseline="middle" font-size="11">${esc(formatTick(t, yTicks.step))}</text>`);
  }
  for (const t of xTicks) {
    const x = f(xScale(t));
    g.push(`<line class="tick" x1="${x}" y1="${PLOT_H}" x2="${x}" y2="${PLOT_H + 5}" stroke="#333"/>`);
    g.push(`<text class="tick-label" x="${x}" y="${PLOT_H + 18}" text-anchor="middle" font-size="11">${t}</text>`);
  }
  if (yLo < 0 && yHi > 0) {
    g.push(`<line class="zero" x1="0" y1="${f(yScale(0))}" x2="${PLOT_W}" y2="${f(yScale(0))}" stroke="#999" stroke-dasharray="3 3"/>`);
  }
  g.push(`<rect class="frame" x="0" y="0" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#333" stroke-width="1"/>`);
  g.push(`<text class="axis-label" x="${PLOT_W / 2}" y="${PLOT_H + 38}" text-anchor="middle" font-size="12">step t</text>`);
  if (column === 0) {
    g.push(`<text class="axis-label" transform="translate(${-62},${PLOT_H / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(row.label)}</text>`);
  }

  // Theory first so that markers and error bars sit on top of the lines.
  const ordered = [...series.filter((s) => s.kind === 'theory'), ...series.filter((s) => s.kind !== 'theory')];
  const simulations = series.filter((s) => s.kind === 'simulation');
  for (const s of ordered) {
    const style = styles.get(s.label)!;
    const steps = s.steps ?? panel.steps;
    if (s.kind === 'theory') {
      for (const run of finiteRuns(steps, s.y)) {
        const points = run.map((i) => `${f(xScale(steps[i]))},${f(yScale(s.y[i]))}`).join(' ');
        g.push(`<polyline class="theory" data-label="${esc(s.label)}" points="${points}" fill="none" stroke="${style.colour}" stroke-width="2"${dashAttr(style.dash)}/>`);
      }
      continue;
    }
    // Simulations of one panel are spread a little along x so their error bars do not overlap.
    const idx = simulations.indexOf(s);
    const shift = (idx - (simulations.length - 1) / 2) * 0.07;
    g.push(`<g class="simulation" data-label="${esc(s.label)}" fill="${style.colour}" stroke="${style.colour}">`);
    s.y.forEach((v, i) => {
      const x = steps[i];
      if (!Number.isFinite(v) || x === undefined) return;
      const px = xScale(x + shift);
      const py = yScale(v);
      const e = s.se?.[i];
      if (e !== undefined && Number.isFinite(e) && e > 0) {
        const top = f(yScale(v + e));
        const bottom = f(yScale(v - e));
        g.push(`<line class="errorbar" x1="${f(px)}" y1="${top}" x2="${f(px)}" y2="${bottom}" stroke-width="1.3"/>`);
        g.push(`<line class="errorbar-cap" x1="${f(px - 3)}" y1="${top}" x2="${f(px + 3)}" y2="${top}" stroke-width="1.3"/>`);
        g.push(`<line class="errorbar-cap" x1="${f(px - 3)}" y1="${bottom}" x2="${f(px + 3)}" y2="${bottom}" stroke-width="1.3"/>`);
      }
      g.push(marker(style.marker, px, py, 3.6));
    });
    g.push('</g>');
  }
  g.push('</g>');
  return g.join('\n');
}

function renderLegend(entries: [string, Style & { kind: FigureSeries['kind'] }][], top: number, width: number): string {
  const g: string[] = [`<g class="legend" transform="translate(0,${top})">`];
  const colWidth = Math.min(420, (width - MARGIN_LEFT) / 2);
  entries.forEach(([label, style], i) => {
    const x = MARGIN_LEFT + (i % 2) * colWidth;
    const y = Math.floor(i / 2) * 24;
    if (style.kind === 'theory') {
      g.push(`<line x1="${x}" y1="${y}" x2="${x + 32}" y2="${y}" stroke="${style.colour}" stroke-width="2"${dashAttr(style.dash)}/>`);
    } else {
      g.push(`<g fill="${style.colour}" stroke="${style.colour}">`);
      g.push(`<line x1="${x + 16}" y1="${y - 8}" x2="${x + 16}" y2="${y + 8}" stroke-width="1.3"/>`);
      g.push(marker(style.marker, x + 16, y, 3.6));
      g.push('</g>');
    }
    g.push(`<text x="${x + 42}" y="${y}" dominant-baseline="middle" font-size="12">${esc(label)}</text>`);
  });
  const note = 'markers: simulation mean ± 1 standard error over seeds; lines: theory';
  g.push(`<text x="${MARGIN_LEFT}" y="${Math.ceil(entries.length / 2) * 24 + 4}" font-size="11" fill="#555">${note}</text>`);
  g.push('</g>');
  return g.join('\n');
}

function marker(shape: (typeof MARKERS)[number], x: number, y: number, r: number): string {
  if (shape === 'circle') return `<circle class="marker" cx="${f(x)}" cy="${f(y)}" r="${r}"/>`;
  if (shape === 'square') return `<rect class="marker" x="${f(x - r)}" y="${f(y - r)}" width="${f(2 * r)}" height="${f(2 * r)}"/>`;
  const pts =
    shape === 'triangle'
      ? [[x, y - r * 1.2], [x + r * 1.1, y + r * 0.8], [x - r * 1.1, y + r * 0.8]]
      : [[x, y - r * 1.3], [x + r * 1.3, y], [x, y + r * 1.3], [x - r * 1.3, y]];
  return `<polygon class="marker" points="${pts.map(([a, b]) => `${f(a)},${f(b)}`).join(' ')}"/>`;
}

/** Integer steps on the x axis, thinned to at most ~10 labels. */
function integerTicks(lo: number, hi: number): number[] {
  const span = Math.max(1, Math.ceil(hi) - Math.floor(lo));
  const every = span <= 10 ? 1 : niceTicks(0, span, 8).step;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / every) * every; t <= hi + 1e-9; t += every) ticks.push(Math.round(t));
  return ticks;
}
