// JSON text for results: full-precision numbers (JSON.stringify's shortest round-trip form),
// NaN and ±Infinity written as null (JSON has no such numbers; a reader must not choke),
// and short arrays kept on one line so that a [t][j][r] array stays readable in an editor.

/** Arrays whose one-line form is at most this many characters are written on one line. */
const INLINE_WIDTH = 100;

/** Serialises `value` as indented JSON with non-finite numbers as null; ends with a newline. */
export function formatJson(value: unknown): string {
  return write(value, '') + '\n';
}

function write(value: unknown, indent: string): string {
  const v = normalise(value);
  if (v === null || typeof v !== 'object') return scalar(v);
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const items = v.map((x) => write(x, inner));
    const oneLine = `[${items.join(', ')}]`;
    if (!oneLine.includes('\n') && !oneLine.includes('{') && oneLine.length + indent.length <= INLINE_WIDTH) return oneLine;
    return `[\n${items.map((s) => inner + s).join(',\n')}\n${indent}]`;
  }
  const entries: string[] = [];
  for (const [key, x] of Object.entries(v as Record<string, unknown>)) {
    // Same rule as JSON.stringify: undefined and functions are dropped from objects.
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    entries.push(`${inner}${JSON.stringify(key)}: ${write(x, inner)}`);
  }
  return entries.length === 0 ? '{}' : `{\n${entries.join(',\n')}\n${indent}}`;
}

/** toJSON, typed arrays and bigints become plain JSON values; anything else passes through. */
function normalise(value: unknown): unknown {
  if (value !== null && typeof value === 'object') {
    const withToJson = value as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === 'function') return withToJson.toJSON();
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      return Array.from(value as unknown as ArrayLike<number | bigint>);
    }
  }
  return value;
}

function scalar(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  return 'null'; // null, undefined, functions and symbols inside arrays, like JSON.stringify
}
