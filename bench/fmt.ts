// Number formatting shared by the sections of `npm run bench`.

/** v with `digits` decimals, or 'n/a' when missing. */
export const fmt = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));
