// The rows of each block of an f32 pass, in the order the kernel visits them
// (assembly/gdStep.ts, blockFirst; the chunks of src/kernels/stepChunks.ts): in a chunk of len
// rows, block k < lanes = ⌊len/R⌋ takes row k of each of R lanes of `lanes` consecutive rows,
// and the len − lanes·R rows left form a last, ragged block. Tests build data per block with it.
import { GD_STEP_ROWS } from '../../src/kernels/gdStep.js';
import { chunkRows, stepChunks } from '../../src/kernels/stepChunks.js';

export function passBlocks(nRows: number): number[][] {
  const R = GD_STEP_ROWS;
  const chunks = stepChunks(nRows);
  const blocks: number[][] = [];
  for (let c = 0; c < chunks.count; c++) {
    const [start, end] = chunkRows(chunks, nRows, c);
    const lanes = Math.floor((end - start) / R);
    for (let k = 0; k < lanes; k++) blocks.push(Array.from({ length: R }, (_, b) => start + k + b * lanes));
    if (end - start > lanes * R) blocks.push(Array.from({ length: end - start - lanes * R }, (_, b) => start + lanes * R + b));
  }
  return blocks;
}
