// The fixed decomposition of a pass over nRows rows into chunks (assembly/gdStep.ts): it
// depends on the number of rows only, never on the number of threads, so the chunk partials
// and their reduction in chunk order have the same bits for 1, 2 or N threads (or shards).

/** At most this many chunks: their float64 partials take MAX_CHUNKS·p·ld·8 bytes. */
export const MAX_CHUNKS = 16;
/** Chunk sizes are multiples of this many rows (whole blocks of assembly/gdStep.ts). */
const CHUNK_ROWS = 32;

export interface StepChunks {
  count: number;
  /** Rows per chunk (the last one may hold fewer). */
  size: number;
}

export function stepChunks(nRows: number): StepChunks {
  if (nRows <= 0) return { count: 0, size: CHUNK_ROWS };
  const wanted = Math.min(MAX_CHUNKS, Math.ceil(nRows / CHUNK_ROWS));
  const size = Math.ceil(Math.ceil(nRows / wanted) / CHUNK_ROWS) * CHUNK_ROWS;
  return { count: Math.ceil(nRows / size), size };
}

/** Rows [start, end) of chunk c. */
export function chunkRows(c: StepChunks, nRows: number, i: number): [number, number] {
  return [i * c.size, Math.min(nRows, (i + 1) * c.size)];
}
