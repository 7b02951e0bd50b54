// Reads a grid file (YAML, or JSON by its .json extension) and checks it, so that every error
// is one line with the file, the line and the key: "grid.yaml:7: grid.lr[1]: lr must be …".
// The `yaml` package parses YAML 1.2 (of which JSON is a subset) with source positions, which
// turn the key path of a SweepGridError into a line.
import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { SweepGridError } from '../../errors.js';
import type { GridSpec } from '../../sweep/GridSpec.js';
import { parseGridSpec } from '../../sweep/parseGridSpec.js';
import { expandGrid } from '../../sweep/expandGrid.js';
import type { SweepPoint } from '../../sweep/SweepPoint.js';

/** A bad grid file: `message` is the whole line (file:line: key: detail). */
export class GridFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GridFileError';
  }
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** Source offset of the key (or list item) at `path`, as deep as the document goes. */
function offsetOf(doc: Document, path: (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = (p.key as { value?: unknown } | null)?.value;
        return k === segment || (typeof segment === 'string' && k === kebab(segment));
      });
      if (!pair) break;
      offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment];
      offset = (node as { range?: [number, number, number] }).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

function describePath(path: (string | number)[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export interface GridFile {
  spec: GridSpec;
  points: SweepPoint[];
}

/** The checked grid and its points; GridFileError (one line) for anything wrong. */
export async function readGridFile(file: string, displayName = file): Promise<GridFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new GridFileError(`${displayName}: cannot read the grid file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line;
    throw new GridFileError(`${displayName}:${line}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const fail = (error: SweepGridError): never => {
    const offset = offsetOf(doc, error.path);
    const where = offset === undefined ? '' : `:${lineCounter.linePos(offset).line}`;
    const key = error.path.length > 0 ? `${describePath(error.path)}: ` : '';
    throw new GridFileError(`${displayName}${where}: ${key}${error.detail}`);
  };
  try {
    const spec = parseGridSpec(doc.toJS());
    return { spec, points: await expandGrid(spec) };
  } catch (error) {
    if (error instanceof SweepGridError) return fail(error);
    throw error;
  }
}
