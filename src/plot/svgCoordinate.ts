/** Coordinates with two decimals: plenty for screen and print, and short files. */
export function svgCoordinate(v: number): string {
  return String(Math.round(v * 100) / 100);
}
