// Writers: JSON round-trip, CSV long format, NPZ parsed back independently of the encoder
// (fflate unzip + a minimal .npy header parser written here from the format spec).
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { OptionTypeError } from '../src/errors.js';
import { CSV_HEADER, formatCsv } from '../src/node/io/formatCsv.js';
import { formatJson } from '../src/node/io/formatJson.js';
import { resultFormat } from '../src/node/io/resultFormat.js';
import { writeResult } from '../src/node/io/writeResult.js';
import type { SeedsResult } from '../src/results/SeedsResult.js';

/** A hand-made SeedsResult: T steps, p neurons, k directions; values encode their indices. */
function sampleResult(T = 3, p = 2, k = 3): SeedsResult {
  const steps = Array.from({ length: T + 1 }, (_, t) => t);
  const grid = (f: (t: number, j: number, r: number) => number, inner: number) =>
    steps.map((t) => Array.from({ length: p }, (_, j) => Array.from({ length: inner }, (_, r) => f(t, j, r))));
  const perNeuron = (f: (t: number, j: number) => number) => steps.map((t) => Array.from({ length: p }, (_, j) => f(t, j)));
  return {
    config: { target: 'tanh(z1 + He3(z2))', d: 200, alpha: 3, p, k, lr: 0.2, steps: T, note: 'ü∞𝛼' },
    backend: 'simd',
    steps,
    seeds: [11, 12, 13],
    M: { mean: grid((t, j, r) => 0.1 * t + 0.01 * j + 0.001 * r + 1 / 3, k), se: grid((t, j, r) => 1e-3 * (t + j + r), k) },
    Q: { mean: grid((t, j, l) => (j === l ? 1 : 0) + t / 7, p), se: grid(() => 1e-4, p) },
    testError: { mean: steps.map((t) => (t === 0 ? NaN : 0.5 / (t + 1))), se: steps.map(() => 0.01) },
    trainError: { mean: steps.map((t) => 0.4 / (t + 1)), se: steps.map(() => Infinity) },
    cosine: { mean: perNeuron((t, j) => t * 0.1 + j), se: perNeuron(() => 0.002) },
    overlap: { mean: perNeuron((t, j) => -t * 0.2 - j), se: perNeuron(() => 0.003) },
    orthogonalOverlap: { mean: grid((t, j, c) => t * 1e-3 + j + c * 10, k - 1), se: grid(() => 5e-4, k - 1) },
    diverged: [],
  };
}

interface ParsedNpy {
  descr: string;
  shape: number[];
  values: number[] | bigint[] | string;
}

/** Parses a .npy v1.0 file: magic, version, header dict, then little-endian data. */
function parseNpy(bytes: Uint8Array): ParsedNpy {
  expect(Array.from(bytes.slice(0, 6))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
  expect([bytes[6], bytes[7]]).toEqual([1, 0]);
  const headerLength = bytes[8] | (bytes[9] << 8);
  const header = new TextDecoder('latin1').decode(bytes.slice(10, 10 + headerLength));
  expect((10 + headerLength) % 64).toBe(0);
  expect(header.endsWith('\n')).toBe(true);
  const m = /^\{'descr': '([^']+)', 'fortran_order': False, 'shape': \(([^)]*)\), \} *\n$/.exec(header);
  expect(m, header).not.toBeNull();
  const descr = m![1];
  const shape = m![2].split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const body = bytes.slice(10 + headerLength);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (descr === '<f8') {
    expect(body.byteLength).toBe(count * 8);
    return { descr, shape, values: Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, true)) };
  }
  if (descr === '<i8') {
    expect(body.byteLength).toBe(count * 8);
    return { descr, shape, values: Array.from({ length: count }, (_, i) => view.getBigInt64(i * 8, true)) };
  }
  const u = /^<U(\d+)$/.exec(descr);
  expect(u, descr).not.toBeNull();
  expect(body.byteLength).toBe(Number(u![1]) * 4);
  const cps = Array.from({ length: Number(u![1]) }, (_, i) => view.getUint32(i * 4, true)).filter((c) => c !== 0);
  return { descr, shape, values: String.fromCodePoint(...cps) };
}

const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);

describe('resultFormat', () => {
  it('chooses by extension, case-insensitively', () => {
    expect(resultFormat('run.json')).toBe('json');
    expect(resultFormat('dir/a.b.CSV')).toBe('csv');
    expect(resultFormat('/tmp/x.npz')).toBe('npz');
  });
  it.each(['run.txt', 'run', 'dir/.json', 'run.json/', ''])('rejects %j naming out and the allowed extensions', (p) => {
    expect(() => resultFormat(p)).toThrow(OptionTypeError);
    expect(() => resultFormat(p)).toThrow(`out: must be a file name ending in .json, .csv or .npz (got '${p}')`);
  });
});

describe('formatJson', () => {
  it('round-trips finite numbers bit for bit and writes NaN/Infinity as null', () => {
    const value = { a: [0.1 + 0.2, -0, 1e-310, 5e300, NaN, -Infinity], b: { c: 'x"y', d: undefined, e: true }, f: [] };
    const text = formatJson(value);
    const back = JSON.parse(text);
    expect(back.a.slice(0, 4)).toEqual([0.1 + 0.2, 0, 1e-310, 5e300]);
    expect(back.a.slice(4)).toEqual([null, null]);
    expect(back.b).toEqual({ c: 'x"y', e: true });
    expect(back.f).toEqual([]);
    expect(text.endsWith('}\n')).toBe(true);
  });
  it('keeps short arrays on one line and breaks long ones', () => {
    const text = formatJson({ short: [[1, 2], [3, 4]], long: Array.from({ length: 40 }, (_, i) => i + 0.123456789) });
    expect(text).toContain('"short": [[1, 2], [3, 4]]');
    expect(text.split('\n').length).toBeGreaterThan(40);
    expect(JSON.parse(text).long[39]).toBe(39.123456789);
  });
});

describe('formatCsv', () => {
  it('has the header and one row per (observable, t, j, index)', () => {
    const T = 3, p = 2, k = 3;
    const text = formatCsv(sampleResult(T, p, k));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    const perStep = p * k + p * p + 1 + 1 + p + p + p * (k - 1);
    expect(lines.length - 1).toBe((T + 1) * perStep);
    expect(lines).toContain(`M,2,1,2,${0.2 + 0.01 + 0.002 + 1 / 3},${1e-3 * 5}`);
    expect(lines).toContain('testError,0,,,NaN,0.01');
    expect(lines).toContain('trainError,1,,,0.2,inf');
    expect(lines).toContain('overlap,3,1,,-1.6,0.003');
    expect(lines).toContain('orthogonalOverlap,3,1,1,11.003,0.0005');
    for (const line of lines) expect(line.split(',')).toHaveLength(6);
  });
  it('leaves se empty for a theory result without se', () => {
    const text = formatCsv({ config: {}, steps: [0, 1], testError: { mean: [1, 0.5] } });
    expect(text).toBe(`${CSV_HEADER}\ntestError,0,,,1,\ntestError,1,,,0.5,\n`);
  });
});

describe('writeResult', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mpgd-io-'));

  it('writes JSON that parses back to the result (NaN → null)', async () => {
    const result = sampleResult();
    const path = join(dir, 'run.json');
    await writeResult(path, result);
    const back = JSON.parse(readFileSync(path, 'utf8'));
    expect(back.config).toEqual(result.config);
    expect(back.M).toEqual(result.M);
    expect(back.testError.mean[0]).toBeNull();
    expect(back.testError.mean.slice(1)).toEqual(result.testError.mean.slice(1));
    expect(back.trainError.se).toEqual([null, null, null, null]);
    expect(back.seeds).toEqual([11, 12, 13]);
  });

  it('writes CSV with the expected number of rows', async () => {
    const path = join(dir, 'run.csv');
    await writeResult(path, sampleResult(5, 3, 2));
    const rows = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(rows.length - 1).toBe(6 * (3 * 2 + 3 * 3 + 2 + 3 + 3 + 3 * 1));
  });

  it('writes an NPZ whose arrays have the documented names, shapes and values', async () => {
    const T = 4, p = 2, k = 3;
    const result = sampleResult(T, p, k);
    result.diverged = [{ seed: 12, step: 3 }];
    const path = join(dir, 'run.npz');
    await writeResult(path, result);
    const files = unzipSync(readFileSync(path));
    const arrays = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, parseNpy(bytes)]));
    const expectedShapes: Record<string, number[]> = {
      'steps.npy': [T + 1],
      'seeds.npy': [3],
      'M_mean.npy': [T + 1, p, k],
      'M_se.npy': [T + 1, p, k],
      'Q_mean.npy': [T + 1, p, p],
      'Q_se.npy': [T + 1, p, p],
      'testError_mean.npy': [T + 1],
      'testError_se.npy': [T + 1],
      'trainError_mean.npy': [T + 1],
      'trainError_se.npy': [T + 1],
      'cosine_mean.npy': [T + 1, p],
      'cosine_se.npy': [T + 1, p],
      'overlap_mean.npy': [T + 1, p],
      'overlap_se.npy': [T + 1, p],
      'orthogonalOverlap_mean.npy': [T + 1, p, k - 1],
      'orthogonalOverlap_se.npy': [T + 1, p, k - 1],
      'diverged.npy': [1, 2],
      'config_json.npy': [],
    };
    expect(Object.keys(arrays).sort()).toEqual(Object.keys(expectedShapes).sort());
    for (const [name, shape] of Object.entries(expectedShapes)) expect(arrays[name].shape, name).toEqual(shape);
    expect(arrays['seeds.npy'].descr).toBe('<i8');
    expect(arrays['seeds.npy'].values).toEqual([11n, 12n, 13n]);
    expect(arrays['diverged.npy'].values).toEqual([12n, 3n]);
    expect(arrays['M_mean.npy'].descr).toBe('<f8');
    expect(arrays['M_mean.npy'].values).toEqual(flat(result.M.mean));
    expect(arrays['orthogonalOverlap_se.npy'].values).toEqual(flat(result.orthogonalOverlap.se));
    const te = arrays['testError_mean.npy'].values as number[];
    expect(Number.isNaN(te[0])).toBe(true);
    expect(te.slice(1)).toEqual(result.testError.mean.slice(1));
    expect(arrays['trainError_se.npy'].values).toEqual([Infinity, Infinity, Infinity, Infinity, Infinity]);
    expect(arrays['config_json.npy'].descr).toMatch(/^<U\d+$/);
    expect(JSON.parse(arrays['config_json.npy'].values as string)).toEqual(result.config);
  });

  it('writes an NPZ of k = 1 with an empty orthogonal dimension and no seeds', async () => {
    const result: Partial<SeedsResult> = sampleResult(2, 2, 1);
    delete result.seeds;
    const path = join(dir, 'k1.npz');
    await writeResult(path, result as SeedsResult);
    const files = unzipSync(readFileSync(path));
    expect(parseNpy(files['orthogonalOverlap_mean.npy']).shape).toEqual([3, 2, 0]);
    expect(parseNpy(files['seeds.npy']).shape).toEqual([0]);
    expect(parseNpy(files['diverged.npy']).shape).toEqual([0, 2]);
  });

  it('rejects a ragged array instead of writing a broken file, and leaves no temp file', async () => {
    const result = sampleResult();
    result.M.mean[2] = [[1]];
    const path = join(dir, 'ragged.npz');
    await expect(writeResult(path, result)).rejects.toThrow('M.mean is not rectangular');
    expect(readdirSync(dir).filter((f) => f.includes('ragged'))).toEqual([]);
  });

  it('replaces an existing file atomically and leaves no temp files behind', async () => {
    const path = join(dir, 'again.json');
    writeFileSync(path, 'old');
    await writeResult(path, sampleResult());
    expect(JSON.parse(readFileSync(path, 'utf8')).seeds).toEqual([11, 12, 13]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses an unknown extension before writing anything', async () => {
    await expect(writeResult(join(dir, 'run.txt'), sampleResult())).rejects.toThrow(OptionTypeError);
    expect(readdirSync(dir)).not.toContain('run.txt');
  });
});

describe('encodeNpz', () => {
  it('names entries <array>.npy and refuses names numpy cannot index', async () => {
    const { encodeNpz } = await import('../src/node/io/encodeNpz.js');
    const files = unzipSync(encodeNpz({ paper2_multi_overlap: { dtype: '<f8', shape: [2], data: new Float64Array([1.5, -2]) } }));
    expect(Object.keys(files)).toEqual(['paper2_multi_overlap.npy']);
    expect(parseNpy(files['paper2_multi_overlap.npy']).values).toEqual([1.5, -2]);
    expect(() => encodeNpz({ 'bad name': { dtype: '<f8', shape: [0], data: new Float64Array(0) } })).toThrow("npz: array name 'bad name'");
  });
});
