// Nested JavaScript numbers as the '<f8' and '<i8' arrays of an .npz (encodeNpz), with their
// shape; `what` names the value in the error when it is ragged or (int64) not integral.
import type { NpyArray } from './encodeNpy.js';
import type { NestedNumbers } from './resultObservables.js';

export function float64(nested: NestedNumbers, what: string): NpyArray {
  const shape = shapeOf(nested, what);
  const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
  let i = 0;
  flatten(nested, (x) => {
    // JSON-loaded results carry null where a NaN was; keep it a NaN in the array.
    data[i++] = typeof x === 'number' ? x : NaN;
  });
  return { dtype: '<f8', shape, data };
}

/** `emptyShape` is the shape written when there are no rows (e.g. (0, 2) for no divergence). */
export function int64(value: NestedNumbers[], what: string, emptyShape: number[]): NpyArray {
  const shape = value.length === 0 ? emptyShape : shapeOf(value, what);
  const data = new BigInt64Array(shape.reduce((a, b) => a * b, 1));
  let i = 0;
  flatten(value, (x) => {
    if (!Number.isSafeInteger(x)) throw new TypeError(`${what} must hold integers (got ${x})`);
    data[i++] = BigInt(x);
  });
  return { dtype: '<i8', shape, data };
}

/** Shape of a rectangular nested array; throws on a ragged one (numpy would need objects). */
function shapeOf(nested: NestedNumbers, what: string): number[] {
  const shape: number[] = [];
  let probe: NestedNumbers = nested;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const check = (v: NestedNumbers, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(v)) throw new TypeError(`${what} is not rectangular`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) throw new TypeError(`${what} is not rectangular`);
    for (const x of v) check(x, depth + 1);
  };
  check(nested, 0);
  return shape;
}

function flatten(nested: NestedNumbers, emit: (x: number) => void): void {
  if (Array.isArray(nested)) for (const x of nested) flatten(x, emit);
  else emit(nested);
}
