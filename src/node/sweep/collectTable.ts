// One tidy table of a store's finished points: a row per (point, observable, step, index),
// with the point's key and configuration as columns, in the long layout of the per-run CSV
// (formatCsv: observable, t, j, index, mean, se), ready for pandas / polars group-bys.
import { canonicalJson } from '../../sweep/canonicalJson.js';
import type { PointRecord } from '../../sweep/SweepStore.js';
import { RESULT_OBSERVABLES, type NestedNumbers, type WritableResult } from '../io/resultObservables.js';

export type Cell = number | string | boolean | null;

export interface TableColumn {
  name: string;
  type: 'number' | 'string' | 'boolean';
  values: Cell[];
}

const OBSERVABLE_COLUMNS = ['observable', 't', 'j', 'index', 'mean', 'se'];

function configCell(v: unknown): Cell {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return v === undefined || v === null ? null : canonicalJson(v);
}

function columnType(values: Cell[]): TableColumn['type'] {
  const present = values.filter((v) => v !== null);
  if (present.every((v) => typeof v === 'number')) return 'number';
  if (present.every((v) => typeof v === 'boolean')) return 'boolean';
  return 'string';
}

function visit(mean: NestedNumbers, se: NestedNumbers | undefined, idx: number[], emit: (idx: number[], m: number, s: number | undefined) => void): void {
  if (Array.isArray(mean)) mean.forEach((m, i) => visit(m, Array.isArray(se) ? se[i] : undefined, [...idx, i], emit));
  else emit(idx, mean, typeof se === 'number' ? se : undefined);
}

/** The table of `records` (done records; sorted by key so that the table does not depend on finish order). */
export function collectTable(records: PointRecord[]): TableColumn[] {
  const sorted = [...records].filter((r) => r.status === 'done').sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const configKeys = [...new Set(sorted.flatMap((r) => Object.keys(r.config)))].sort().filter((k) => !OBSERVABLE_COLUMNS.includes(k) && k !== 'key');
  const rows: Cell[][] = [];
  for (const record of sorted) {
    const config = configKeys.map((k) => configCell(record.config[k]));
    const result = record.result as WritableResult;
    for (const spec of RESULT_OBSERVABLES) {
      const field = result[spec.name];
      if (!field || !Array.isArray(field.mean)) continue;
      field.mean.forEach((row, t) => {
        const step = result.steps[t] ?? t;
        const se = Array.isArray(field.se) ? field.se[t] : undefined;
        visit(row, se, [], (idx, m, s) => {
          // JSON stores NaN as null: keep it a missing value.
          rows.push([record.key, ...config, spec.name, step, idx[0] ?? null, idx.length > 1 ? idx[1] : null, m ?? null, s ?? null]);
        });
      });
    }
  }
  const names = ['key', ...configKeys, ...OBSERVABLE_COLUMNS];
  return names.map((name, c) => {
    const values = rows.map((r) => r[c]);
    return { name, type: columnType(values), values };
  });
}
