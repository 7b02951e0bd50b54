// NumPy .npy format version 1.0 (numpy/lib/format.py): magic "\x93NUMPY", version 1.0, a
// little-endian uint16 header length, then an ASCII Python dict literal padded with spaces
// and a final '\n' so that the data starts at a multiple of 64 bytes, then the raw C-order data.
// Only the three dtypes the writers need: float64, int64 and a 0-d unicode string.

export type NpyArray =
  | { dtype: '<f8'; shape: number[]; data: Float64Array }
  | { dtype: '<i8'; shape: number[]; data: BigInt64Array }
  /** A 0-d numpy str: stored as UTF-32LE code points, dtype '<U{length}'. */
  | { dtype: 'unicode'; shape: []; data: string }
  /** A 1-d array of str (a table's text column): '<U{longest}', each padded with NULs. */
  | { dtype: 'unicode'; shape: [number]; data: string[] };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;

/** Encodes one array as the bytes of a .npy file. */
export function encodeNpy(array: NpyArray): Uint8Array {
  let descr: string;
  let body: Uint8Array;
  if (array.dtype === 'unicode') {
    const strings = typeof array.data === 'string' ? [array.data] : array.data;
    const codePoints = strings.map((s) => Array.from(s, (ch) => ch.codePointAt(0) as number));
    // numpy cannot make a '<U0' array; an empty string is stored as '<U1' holding a NUL.
    const length = Math.max(1, ...codePoints.map((c) => c.length));
    descr = `<U${length}`;
    body = new Uint8Array(length * 4 * strings.length);
    const view = new DataView(body.buffer);
    codePoints.forEach((cps, s) => cps.forEach((cp, i) => view.setUint32((s * length + i) * 4, cp, true)));
  } else {
    const count = array.shape.reduce((a, b) => a * b, 1);
    if (array.data.length !== count) {
      throw new RangeError(`npy: shape (${array.shape.join(', ')}) needs ${count} values, got ${array.data.length}`);
    }
    descr = array.dtype;
    body = littleEndianBytes(array.data);
  }
  const header = headerBytes(descr, array.shape);
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

function headerBytes(descr: string, shape: number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const preamble = MAGIC.length + 2 + 2; // magic, version, header length
  const unpadded = preamble + dict.length + 1; // + '\n'
  const padded = Math.ceil(unpadded / ALIGN) * ALIGN;
  const text = dict + ' '.repeat(padded - unpadded) + '\n';
  if (text.length > 0xffff) throw new RangeError('npy: header too long for format 1.0');
  const out = new Uint8Array(preamble + text.length);
  out.set(MAGIC, 0);
  out[6] = 1; // major version
  out[7] = 0; // minor version
  out[8] = text.length & 0xff;
  out[9] = text.length >>> 8;
  for (let i = 0; i < text.length; i++) out[preamble + i] = text.charCodeAt(i);
  return out;
}

/** Copies the data in little-endian byte order whatever the platform's order is. */
function littleEndianBytes(data: Float64Array | BigInt64Array): Uint8Array {
  const out = new Uint8Array(data.length * 8);
  const view = new DataView(out.buffer);
  if (data instanceof Float64Array) data.forEach((x, i) => view.setFloat64(i * 8, x, true));
  else data.forEach((x, i) => view.setBigInt64(i * 8, x, true));
  return out;
}
