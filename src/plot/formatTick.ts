/** A tick label with enough decimals for the tick step and no float noise ('0.30000000000000004' → '0.3'). */
export function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const text = Math.abs(value) < step / 2 ? '0' : value.toFixed(decimals);
  return text.replace('-', '−');
}
