// A unit vector of R^k written in the target's variables: "z1", "(z1 + z2)/√2",
// "(z1 − z2)/√2", or numerically "0.60·z1 − 0.80·z2". The overall sign is irrelevant (a
// direction), so the first term is made positive. Display only: the vector is not changed.

/** Components below this are dropped from the display. */
const DROP = 5e-3;
/** How close to ±1/√m every kept component must be for the exact form. */
const EXACT = 2e-3;

export function formatDirection(v: ArrayLike<number>, names?: string[]): string {
  const name = (i: number) => names?.[i] ?? `z${i + 1}`;
  const terms: { i: number; x: number }[] = [];
  for (let i = 0; i < v.length; i++) if (Math.abs(v[i]) > DROP) terms.push({ i, x: v[i] });
  if (!terms.length) return '0';
  const flip = terms[0].x < 0 ? -1 : 1;
  const m = terms.length;
  const unit = 1 / Math.sqrt(m);
  if (terms.every((t) => Math.abs(Math.abs(t.x) - unit) < EXACT)) {
    const body = terms.map((t, j) => (j === 0 ? name(t.i) : `${t.x * flip < 0 ? ' − ' : ' + '}${name(t.i)}`)).join('');
    return m === 1 ? body : `(${body})/√${m}`;
  }
  return terms
    .map((t, j) => {
      const x = t.x * flip;
      const mag = `${Math.abs(x).toFixed(2)}·${name(t.i)}`;
      return j === 0 ? (x < 0 ? `−${mag}` : mag) : `${x < 0 ? ' − ' : ' + '}${mag}`;
    })
    .join('');
}
