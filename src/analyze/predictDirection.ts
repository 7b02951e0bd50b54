// The analyser's verdict for one direction w of R^k (e.g. the orthogonal complement u₁⊥ of the
// step-1 direction that the paper's figure plots), read off an Analysis: the level, leap or
// symmetric order whose span holds most of w (‖P w‖² ≥ ½). Display bookkeeping only.
import type { Analysis } from './Analysis.js';

const weight = (vectors: number[][], w: number[]) => vectors.reduce((s, v) => s + v.reduce((t, x, i) => t + x * w[i], 0) ** 2, 0);

export function predictDirection(a: Analysis, w: number[]): { multiPass: string; singlePass: string } {
  if (a.constant) return { multiPass: 'constant target', singlePass: 'constant target' };
  let multiPass = 'not reached';
  const level = a.multiPass.levels.findIndex((vs) => weight(vs, w) >= 0.5);
  if (level >= 0) multiPass = `in U${String(level + 1).replace(/\d/g, (c) => '₀₁₂₃₄₅₆₇₈₉'[Number(c)])}: O(1) steps`;
  else {
    const hard = [...a.multiPass.hard].sort((x, y) => weight([y.direction], w) - weight([x.direction], w))[0];
    if (hard) multiPass = hard.order === null ? 'symmetric (no order found)' : `symmetric, order ${hard.order}`;
  }
  const step = a.singlePass.steps.find((s) => weight(s.vectors, w) >= 0.5);
  const singlePass = step ? `leap ${step.leap}` : 'never (no leap)';
  return { multiPass, singlePass };
}
