// The analyser's verdicts for the typed target (docs/model.md §7): the library's own text
// (formatAnalysis) and, for k = 2, the relevant and irrelevant unit vectors drawn in the
// (z1, z2) plane with the single-pass student's verdict per direction; a list otherwise.
import { formatAnalysis, formatDirection, type Analysis } from '../../src/index.js';
import { escapeXml as esc } from '../../src/plot/escapeXml.js';
import { dashAttr } from '../../src/plot/dashAttr.js';


function arrow(v: number[], colour: string, dash: string, label: string): string {
  const R = 62;
  const x = 80 + R * v[0];
  const y = 80 - R * v[1];
  return `<line x1="80" y1="80" x2="${x.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${colour}" stroke-width="2.5"${dashAttr(dash)} marker-end="url(#head)"/>` +
    `<title>${esc(label)}</title>`;
}

/** SVG of the k = 2 directions: relevant (blue), irrelevant (grey, dashed); student verdicts as green (learnt) / red (stays at 0). */
export function directionsSvg(a: Analysis): string {
  const parts: string[] = [];
  for (const v of a.relevant) parts.push(arrow(v, '#1f5fbf', '', `relevant ${formatDirection(v)}`));
  for (const v of a.irrelevant) parts.push(arrow(v, '#999', '5 3', `irrelevant ${formatDirection(v)}`));
  for (const s of a.singlePass.student?.directions ?? []) parts.push(arrow(s.direction.map((x) => x * 0.7), s.learnt ? '#2a9d55' : '#d0402b', '2 2', `${s.learnt ? 'learnt' : 'not learnt'} (single-pass) ${formatDirection(s.direction)}`));
  return `<svg class="directions" viewBox="0 0 160 160" width="160" height="160" role="img" aria-label="target directions in the (z1, z2) plane">` +
    `<defs><marker id="head" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="context-stroke"/></marker></defs>` +
    `<circle cx="80" cy="80" r="62" fill="none" stroke="#ddd"/><line x1="8" x2="152" y1="80" y2="80" stroke="#eee"/><line y1="8" y2="152" x1="80" x2="80" stroke="#eee"/>` +
    `<text x="150" y="94" font-size="11" text-anchor="end">z1</text><text x="86" y="16" font-size="11">z2</text>${parts.join('')}</svg>`;
}

export function analysisHtml(a: Analysis): string {
  const headline = a.verdict ?? `multi-pass: ${a.multiPass.levels.length} level(s), ${a.multiPass.hard.length} symmetric direction(s); single-pass: information exponent ${a.singlePass.informationExponent ?? '–'}, leap ${a.singlePass.leapExponent ?? '–'}, ${a.singlePass.sampleComplexity}`;
  const list = a.k === 2 ? directionsSvg(a) + '<p class="legend-small"><span style="color:#1f5fbf">━ relevant</span> <span style="color:#999">╌ irrelevant</span> <span style="color:#2a9d55">┈ learnt</span> / <span style="color:#d0402b">┈ not learnt</span> by single-pass (this student)</p>'
    : `<ul>${a.relevant.map((v) => `<li>relevant ${esc(formatDirection(v))}</li>`).join('')}${a.irrelevant.map((v) => `<li>irrelevant ${esc(formatDirection(v))}</li>`).join('')}</ul>`;
  return `<p class="verdict" data-verdict="${esc(headline)}">${esc(headline)}</p><div class="analysis-body">${list}<details><summary>full analysis</summary><pre>${esc(formatAnalysis(a))}</pre></details></div>`;
}
