// The analyser's verdict for one direction w of R^k (e.g. the orthogonal complement u₁⊥ of the
// step-1 direction that the paper's figure plots), read off an Analysis: the level or
// symmetric order (multi-pass), and the student-level single-pass verdict (learnt in O(1)
// steps or not, for the activation the analysis was run with: docs/model.md §7), whose span
// holds most of w (‖P w‖² ≥ ½). A w mostly outside the relevant subspace is irrelevant.
// Display bookkeeping only.
import type { Analysis } from './Analysis.js';

const weight = (vectors: number[][], w: number[]) => vectors.reduce((s, v) => s + v.reduce((t, x, i) => t + x * w[i], 0) ** 2, 0);

export function predictDirection(a: Analysis, w: number[]): { multiPass: string; singlePass: string } {
  if (a.constant) return { multiPass: 'constant target', singlePass: 'constant target' };
  if (weight(a.irrelevant, w) > 0.5) return { multiPass: 'irrelevant (f* does not depend on it)', singlePass: 'irrelevant (f* does not depend on it)' };
  let multiPass = 'not reached';
  const level = a.multiPass.levels.findIndex((vs) => weight(vs, w) >= 0.5);
  if (level >= 0) multiPass = `in U${String(level + 1).replace(/\d/g, (c) => '₀₁₂₃₄₅₆₇₈₉'[Number(c)])}: O(1) steps`;
  else {
    const hard = [...a.multiPass.hard].sort((x, y) => weight([y.direction], w) - weight([x.direction], w))[0];
    if (hard) multiPass = hard.order === null ? 'symmetric (no order found)' : `symmetric, order ${hard.order}`;
  }
  return { multiPass, singlePass: studentVerdict(a, w) };
}

/** The student's single-pass verdict along w; the target's leap when no student was analysed. */
function studentVerdict(a: Analysis, w: number[]): string {
  const st = a.singlePass.student;
  if (!st) {
    const step = a.singlePass.steps.find((s) => weight(s.vectors, w) >= 0.5);
    return step ? `leap ${step.leap}` : 'never (no leap)';
  }
  const moved = weight(st.directions.filter((d) => d.learnt).map((d) => d.direction), w) >= 0.5;
  return moved ? `${st.activation}: moves in O(1) steps` : `${st.activation}: stays at 0`;
}
