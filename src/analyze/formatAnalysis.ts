// The human table of an Analysis: one row per direction, written in the
// target's variables, with its single-pass and multi-pass verdicts (docs/model.md §7).
import type { Analysis } from './Analysis.js';
import { formatDirection } from './formatDirection.js';

const SUB = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
const sub = (n: number) => String(n).split('').map((c) => SUB[Number(c)]).join('');

function table(rows: [string, string][]): string[] {
  const w = Math.max(9, ...rows.map((r) => r[0].length));
  return [`  ${'direction'.padEnd(w)}  verdict`, ...rows.map(([d, v]) => `  ${d.padEnd(w)}  ${v}`)];
}

export function formatAnalysis(a: Analysis): string {
  const names = Array.from({ length: a.k }, (_, i) => `z${i + 1}`);
  const dir = (v: number[]) => formatDirection(v, names);
  const lines: string[] = [];
  lines.push(`target: ${a.target}${a.alias ? ` (${a.alias})` : ''}   k = ${a.k}   E f* = ${fmt(a.mean)}   Var f* = ${fmt(a.variance)}`);
  if (a.constant) {
    lines.push(a.verdict ?? 'constant target: nothing to learn');
    return lines.join('\n') + '\n';
  }
  if (a.irrelevant.length) {
    lines.push(`relevant: ${a.relevant.map(dir).join(', ')}   irrelevant (f* does not depend on them; no verdict counts them): ${a.irrelevant.map(dir).join(', ')}`);
  }
  const sp = a.singlePass;
  lines.push('');
  lines.push(
    `single-pass (fresh batch every step): information exponent ${sp.informationExponent ?? 'none'}, ` +
      `leap exponent ${sp.leapExponent ?? 'none'}, sample complexity ${sp.sampleComplexity}`,
  );
  const spRows: [string, string][] = [];
  for (const step of sp.steps) {
    step.vectors.forEach((v, j) => {
      const ie = step.informationExponents[j];
      spRows.push([dir(v), `learnt at leap ${step.leap} (information exponent${ie !== null ? ` ${ie}` : `: none up to degree ${a.degree} along it alone`})`]);
    });
  }
  for (const v of sp.unreached) spRows.push([dir(v), `never: no leap up to degree ${a.degree} reaches it`]);
  lines.push(...table(spRows));
  const st = sp.student;
  if (st) {
    lines.push('');
    lines.push(`single-pass, this student (σ = ${st.activation}, α = ${st.alpha}, η = ${st.lr}, ${st.steps} steps, state evolution):`);
    lines.push(...table(st.directions.map((x) => [dir(x.direction), `${x.learnt ? 'learnt' : 'not learnt'}: ${x.reason}`])));
  }
  const mp = a.multiPass;
  lines.push('');
  lines.push(`multi-pass (same batch re-used): ${mp.levels.length} level${mp.levels.length === 1 ? '' : 's'}, ${mp.hard.length} symmetric direction${mp.hard.length === 1 ? '' : 's'}`);
  const mpRows: [string, string][] = [];
  mp.levels.forEach((vs, i) => {
    for (const v of vs) mpRows.push([dir(v), `level ${i + 1}: in U${sub(i + 1)}, learnt in O(1) steps${i === 0 ? ' (after two)' : ''}`]);
  });
  for (const h of mp.hard) {
    mpRows.push([
      dir(h.direction),
      h.order !== null
        ? `symmetric: first non-zero conditional moment at order ${h.order}`
        : `symmetric: no non-zero conditional moment up to order ${a.maxOrder}`,
    ]);
  }
  lines.push(...table(mpRows));
  lines.push('');
  const nz = a.decisions.filter((d) => d.nonZero).length;
  lines.push(`Hermite: ${a.method.hermite}`);
  lines.push(`multi-pass: ${a.method.multiPass}`);
  lines.push(`${a.decisions.length} zero/non-zero decisions (${nz} non-zero), tolerance ${a.tolerance}, seed ${a.seed}`);
  return lines.join('\n') + '\n';
}

function fmt(x: number): string {
  if (x === 0) return '0';
  const ax = Math.abs(x);
  return ax >= 1e-3 && ax < 1e4 ? String(Number(x.toPrecision(4))) : x.toExponential(3);
}
