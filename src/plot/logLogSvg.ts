// A log-log chart as a standalone SVG string: point series with ±SE bars and straight lines
// (fits, reference slopes), decade ticks on both axes. For the finite-size scan of
// `npm run validate` (results/finite-size.svg): gaps against d with their fitted power law.
import { dashAttr } from './dashAttr.js';
import { escapeXml as esc } from './escapeXml.js';

export interface LogLogSeries {
  label: string;
  x: number[];
  y: number[];
  /** Standard errors of y: drawn as ±se bars (clipped at the axis). */
  se?: number[];
  /** 'points': markers (with se bars); 'line': a polyline through the points. */
  kind: 'points' | 'line';
  colour: string;
  dash?: string;
}

export interface LogLogData {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  series: LogLogSeries[];
}

const W = 560;
const H = 380;
const LEFT = 90;
const RIGHT = 24;
const TOP = 70;
const BOTTOM = 60;
const LEGEND_W = 280;
const FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"';

export function logLogSvg(data: LogLogData): string {
  const xs = data.series.flatMap((s) => s.x).filter((v) => v > 0);
  const ys = data.series.flatMap((s) => s.y.map((y, i) => [y, y - (s.se?.[i] ?? 0), y + (s.se?.[i] ?? 0)]).flat()).filter((v) => v > 0 && Number.isFinite(v));
  const [x0, x1] = decades(xs);
  const [y0, y1] = decades(ys);
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const px = (x: number) => LEFT + ((Math.log10(x) - x0) / (x1 - x0)) * plotW;
  const py = (y: number) => TOP + plotH - ((Math.log10(Math.max(y, 10 ** y0)) - y0) / (y1 - y0)) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W + LEGEND_W}" height="${H}" viewBox="0 0 ${W + LEGEND_W} ${H}" ${FONT} font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${LEFT}" y="26" font-size="15" font-weight="bold">${esc(data.title)}</text>`,
  ];
  if (data.subtitle) out.push(`<text x="${LEFT}" y="46" fill="#444">${esc(data.subtitle)}</text>`);
  out.push(`<rect x="${LEFT}" y="${TOP}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  for (let e = x0; e <= x1; e++) {
    const x = px(10 ** e);
    out.push(`<line x1="${n(x)}" y1="${TOP}" x2="${n(x)}" y2="${TOP + plotH}" stroke="#ddd"/>`);
    out.push(`<text x="${n(x)}" y="${TOP + plotH + 18}" text-anchor="middle">10<tspan dy="-6" font-size="10">${e}</tspan></text>`);
  }
  for (let e = y0; e <= y1; e++) {
    const y = py(10 ** e);
    out.push(`<line x1="${LEFT}" y1="${n(y)}" x2="${LEFT + plotW}" y2="${n(y)}" stroke="#ddd"/>`);
    out.push(`<text x="${LEFT - 8}" y="${n(y + 4)}" text-anchor="end">10<tspan dy="-6" font-size="10">${e}</tspan></text>`);
  }
  out.push(`<text x="${LEFT + plotW / 2}" y="${H - 16}" text-anchor="middle">${esc(data.xLabel)}</text>`);
  out.push(`<text transform="translate(20 ${TOP + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(data.yLabel)}</text>`);
  data.series.forEach((s, k) => {
    if (s.kind === 'line') {
      const pts = s.x.map((x, i) => `${n(px(x))},${n(py(s.y[i]))}`).join(' ');
      out.push(`<polyline points="${pts}" fill="none" stroke="${s.colour}" stroke-width="1.6"${dashAttr(s.dash)}/>`);
    } else {
      s.x.forEach((x, i) => {
        const se = s.se?.[i] ?? 0;
        if (se > 0) out.push(`<line x1="${n(px(x))}" y1="${n(py(s.y[i] - se))}" x2="${n(px(x))}" y2="${n(py(s.y[i] + se))}" stroke="${s.colour}"/>`);
        out.push(`<circle cx="${n(px(x))}" cy="${n(py(s.y[i]))}" r="4" fill="${s.colour}"/>`);
      });
    }
    const ly = TOP + 10 + 22 * k;
    const lx = W + 4;
    out.push(s.kind === 'line'
      ? `<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${s.colour}" stroke-width="1.6"${dashAttr(s.dash)}/>`
      : `<circle cx="${lx + 12}" cy="${ly}" r="4" fill="${s.colour}"/>`);
    out.push(`<text x="${lx + 32}" y="${ly + 4}" font-size="12">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** The whole decades [lo, hi] (exponents) that contain every positive value. */
function decades(values: number[]): [number, number] {
  const lo = Math.floor(Math.log10(Math.min(...values)));
  const hi = Math.ceil(Math.log10(Math.max(...values)));
  return [lo, hi > lo ? hi : lo + 1];
}

function n(v: number): string {
  return Number.isFinite(v) ? v.toFixed(1) : '0';
}
