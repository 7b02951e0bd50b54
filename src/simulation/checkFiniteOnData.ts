// Before any work: the target f*(z) and the activation σ(u), σ'(u) are probed on Gaussian points
// (z ~ N(0, I_k), u ~ N(0, 1), the laws of docs/model.md §1 at initialisation) and a value that
// is NaN or infinite is reported with the expression, the point and the value
// (NonFiniteExpressionError), instead of surfacing later as a "divergence" that no learning
// rate cures (z1/0, log(z1), sqrt(z1)). A set of Gaussian probability q is missed with
// probability (1 − q)^PROBE_POINTS: below 1e-28 for q ≥ 1e-3, 1.4e-3 for q = 1e-4. Rarer points
// are caught on the data itself (runTrajectory checks the labels of every batch). Everything is
// evaluated and tested in WASM.
import { NonFiniteExpressionError } from '../errors.js';
import { compileExpression, type CompiledExpression } from '../expr/compileExpression.js';
import { evalProgram } from '../kernels/evalProgram.js';
import { firstNonFinite } from '../kernels/firstNonFinite.js';
import { normalBlock } from '../kernels/normalBlock.js';
import { uploadExpression } from '../kernels/uploadExpression.js';
import type { ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';
import { withBuffers, type Backend } from '../wasm/backend.js';
import { STREAM_PROBE } from './streams.js';

/** Points probed in all, in blocks of BLOCK (fixed: the check does not depend on the seed). */
export const PROBE_POINTS = 2 ** 16;
const BLOCK = 4096;

type Probed = Pick<ResolvedSimulateOptions, 'target' | 'activation' | 'k'>;

/** Throws NonFiniteExpressionError at the first probe point where f*, σ or σ' is not finite. */
export function checkFiniteOnData(b: Backend, r: Probed): void {
  const programs: [CompiledExpression, 'target' | 'activation', string, number][] = [
    [compileExpression(r.target.ast, r.k), 'target', 'f*(z)', r.k],
    [compileExpression(r.activation.ast, 1), 'activation', 'σ(u)', 1],
    [compileExpression(r.activation.derivative, 1), 'activation', "σ'(u)", 1],
  ];
  const k = Math.max(r.k, 1);
  const stackRows = Math.max(...programs.map(([c]) => Math.max(1, c.maxStack)));
  withBuffers(b, (scope) => {
    const [points, out, stack] = [k * BLOCK * 8, BLOCK * 8, stackRows * BLOCK * 8].map((bytes) => scope.buffer(bytes));
    for (const [compiled, option, what, nVars] of programs) {
      const program = uploadExpression(b, compiled);
      try {
        for (let block = 0; block < PROBE_POINTS / BLOCK; block++) {
          // Column v of the block is variable v (stride BLOCK); u is column 0.
          normalBlock(b, points, { seed: 0, stream: STREAM_PROBE, index: block, count: nVars * BLOCK, precision: 'f64' });
          evalProgram(b, program, points, BLOCK, BLOCK, out, stack);
          const i = firstNonFinite(b, out, BLOCK);
          if (i < 0) continue;
          const all = b.readF64(points, nVars * BLOCK);
          const point = Array.from({ length: nVars }, (_, v) => all[v * BLOCK + i]);
          const source = option === 'target' ? r.target.source : r.activation.source;
          throw new NonFiniteExpressionError(option, source, what, point, b.readF64(out, BLOCK)[i]);
        }
      } finally {
        program.free();
      }
    }
  });
}
