// Every input in the query string, so that a link reproduces the page and its run: pushState
// when a run starts or a preset is chosen (back and forward step through them), replaceState
// while typing. `run=1` marks a URL that runs when opened.
import { FIELDS, defaults, type Values } from './fields.js';

export function valuesFromUrl(search = location.search): { values: Values; run: boolean } {
  const q = new URLSearchParams(search);
  const values = defaults();
  for (const f of FIELDS) if (q.has(f.key)) values[f.key] = q.get(f.key)!;
  return { values, run: q.get('run') === '1' };
}

export function urlOf(values: Values, run: boolean): string {
  const q = new URLSearchParams();
  for (const f of FIELDS) q.set(f.key, values[f.key] ?? '');
  if (run) q.set('run', '1');
  return `${location.pathname}?${q.toString()}`;
}

export function pushUrl(values: Values, run: boolean): void {
  const url = urlOf(values, run);
  if (url !== location.pathname + location.search) history.pushState(null, '', url);
}

export function replaceUrl(values: Values): void {
  history.replaceState(null, '', urlOf(values, false));
}
