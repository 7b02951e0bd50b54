// Seeded stream of 32-bit unsigned integers for bookkeeping randomness (shuffles, random
// signs): SplitMix32 (Steele, Lea & Flood 2014, 32-bit variant with the MurmurHash3 mixer)
// keyed by an FNV-1a hash of a key string. Integer arithmetic only (Math.imul, shifts), so it
// gives the same numbers in every engine, and it is plain ESM, so browsers load it unbundled.
// Floating-point random numbers never come from here: they are generated in WASM.
export function integerStream(key: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let state = h >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}
