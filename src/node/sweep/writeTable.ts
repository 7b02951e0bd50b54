// Writes a collected table by the file's extension: .csv (RFC 4180, NaN for missing numbers
// like formatCsv), .json (a list of row objects: pandas.read_json reads it as is), .npz (one
// array per column: float64, int64 0/1 for booleans, '<U…' for text) and .parquet
// (hyparquet-writer: a maintained pure-JS writer, no native build, read back by pyarrow,
// polars and hyparquet).
import { parquetWriteBuffer } from 'hyparquet-writer';
import { OptionTypeError } from '../../errors.js';
import { encodeNpz } from '../io/encodeNpz.js';
import type { NpyArray } from '../io/encodeNpy.js';
import { writeFileAtomic } from '../io/writeFileAtomic.js';
import type { Cell, TableColumn } from './collectTable.js';

export type TableFormat = 'csv' | 'json' | 'npz' | 'parquet';

export function tableFormat(path: string): TableFormat {
  const m = /\.(csv|json|npz|parquet)$/i.exec(path);
  if (!m) throw new OptionTypeError('out', `must be a file name ending in .csv, .json, .npz or .parquet (got '${path}')`);
  return m[1].toLowerCase() as TableFormat;
}

function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function formatTableCsv(columns: TableColumn[]): string {
  const n = columns[0]?.values.length ?? 0;
  const lines = [columns.map((c) => csvCell(c.name)).join(',')];
  for (let i = 0; i < n; i++) lines.push(columns.map((c) => (c.type === 'number' && c.values[i] === null ? 'NaN' : csvCell(c.values[i]))).join(','));
  return lines.join('\n') + '\n';
}

export function formatTableJson(columns: TableColumn[]): string {
  const n = columns[0]?.values.length ?? 0;
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const fields = columns.map((c) => {
      const v = c.values[i];
      return `${JSON.stringify(c.name)}:${typeof v === 'number' && !Number.isFinite(v) ? 'null' : JSON.stringify(v)}`;
    });
    rows.push(`{${fields.join(',')}}`);
  }
  return `[\n${rows.join(',\n')}\n]\n`;
}

export function formatTableNpz(columns: TableColumn[]): Uint8Array {
  const arrays: Record<string, NpyArray> = {};
  for (const c of columns) {
    const n = c.values.length;
    if (c.type === 'number') arrays[c.name] = { dtype: '<f8', shape: [n], data: Float64Array.from(c.values, (v) => (v === null ? NaN : (v as number))) };
    else if (c.type === 'boolean') arrays[c.name] = { dtype: '<i8', shape: [n], data: BigInt64Array.from(c.values, (v) => (v ? 1n : 0n)) };
    else arrays[c.name] = { dtype: 'unicode', shape: [n], data: c.values.map((v) => (v === null ? '' : String(v))) };
  }
  return encodeNpz(arrays);
}

export function formatTableParquet(columns: TableColumn[]): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c) => ({
      name: c.name,
      type: c.type === 'number' ? 'DOUBLE' : c.type === 'boolean' ? 'BOOLEAN' : 'STRING',
      data: c.type === 'string' ? c.values.map((v) => (v === null ? null : String(v))) : c.values,
    })),
  });
  return new Uint8Array(buffer);
}

export async function writeTable(path: string, columns: TableColumn[]): Promise<void> {
  const format = tableFormat(path);
  const data =
    format === 'csv' ? formatTableCsv(columns)
    : format === 'json' ? formatTableJson(columns)
    : format === 'npz' ? formatTableNpz(columns)
    : formatTableParquet(columns);
  await writeFileAtomic(path, data);
}
