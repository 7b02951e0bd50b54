// Long-format CSV of a result: one row per (observable, t, j, r|l|c) with the mean and its
// standard error over seeds, so that pandas / R / a spreadsheet can filter and pivot it
// without knowing the array shapes. Indices are 0-based like the JSON arrays.
import { RESULT_OBSERVABLES, type NestedNumbers, type WritableResult } from './resultObservables.js';

export const CSV_HEADER = 'observable,t,j,index,mean,se';

/** The CSV text (header line, then rows; '\n' line ends). Empty j/index cells mean "no such index". */
export function formatCsv(result: WritableResult): string {
  const lines = [CSV_HEADER];
  for (const spec of RESULT_OBSERVABLES) {
    const field = result[spec.name];
    if (!field || field.mean === undefined) continue;
    const mean = field.mean;
    if (!Array.isArray(mean)) throw new TypeError(`${spec.name}.mean must be an array indexed by step`);
    mean.forEach((row, t) => {
      const step = result.steps[t] ?? t;
      const se = Array.isArray(field.se) ? field.se[t] : undefined;
      visit(row, se, [], (idx, m, s) => {
        const j = idx.length > 0 ? String(idx[0]) : '';
        const other = idx.length > 1 ? idx.slice(1).join(':') : '';
        lines.push(`${spec.name},${step},${j},${other},${num(m)},${s === undefined ? '' : num(s)}`);
      });
    });
  }
  return lines.join('\n') + '\n';
}

function visit(
  mean: NestedNumbers,
  se: NestedNumbers | undefined,
  idx: number[],
  emit: (idx: number[], mean: number, se: number | undefined) => void,
): void {
  if (Array.isArray(mean)) {
    mean.forEach((m, i) => visit(m, Array.isArray(se) ? se[i] : undefined, [...idx, i], emit));
  } else {
    emit(idx, mean, typeof se === 'number' ? se : undefined);
  }
}

/** Shortest round-trip decimal; non-finite values in the spellings pandas and numpy read. */
function num(x: number | null): string {
  if (x === null || Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x);
}
