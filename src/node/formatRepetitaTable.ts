// The printed summary of `reproduce repetita`: |cos(w, w*)| at each horizon per target, d and
// algorithm (mean ± SE over seeds, beside the random level 1/√d), the one-sided Welch tests
// with Holm's correction, and the timing.
import { REPETITA_ALGORITHMS, REPETITA_COMPARISONS, REPETITA_TARGETS } from '../reproduce/repetitaSetup.js';
import type { RepetitaNodeResult } from './reproduceRepetita.js';

export function formatRepetitaTable(r: RepetitaNodeResult): string {
  const c = r.config;
  const algorithms = REPETITA_ALGORITHMS.filter((a) => c.algorithms.includes(a.key));
  const num = (v: number) => (Number.isFinite(v) ? v.toFixed(5) : 'nan');
  const cell = (m: number, se: number) => `${num(m)} ± ${num(se)}`.padEnd(20);
  const lines: string[] = [];
  for (const horizon of [...new Set(r.table.map((x) => x.horizon))]) {
    lines.push(
      `|cos(w, w*)| at t = ${horizon}·d (mean ± SE over ${c.seeds} seeds; ${c.engine} engine; ReLU student, p = k = n = 1, η = ${c.common.lr}, M⁰ = 0)`,
      `${'target'.padEnd(10)} ${'d'.padStart(6)}  ${algorithms.map((a) => a.key.padEnd(20)).join(' ')} 1/√d`,
    );
    for (const name of [...new Set(r.table.map((x) => x.name))]) {
      for (const d of c.ds) {
        const row = (key: string) => r.table.find((x) => x.horizon === horizon && x.name === name && x.d === d && x.algorithm === key);
        const cells = algorithms.map((a) => {
          const x = row(a.key);
          return x ? cell(x.mean, x.se) : ''.padEnd(20);
        });
        lines.push(`${name.padEnd(10)} ${String(d).padStart(6)}  ${cells.join(' ')} ${(1 / Math.sqrt(d)).toFixed(5)}`);
      }
    }
    lines.push('');
  }
  lines.push(`algorithms: ${algorithms.map((a) => `${a.key} = ${a.label} (their ${a.paper})`).join('; ')}`);
  const targets = REPETITA_TARGETS.filter((t) => c.targets.includes(t.target));
  lines.push(`the authors' horizons (their yaml files): ${targets.map((t) => `${t.name} ${t.paperHorizon}`).join('; ')}`);
  if (r.comparisons.length > 0) {
    lines.push(
      '',
      `one-sided Welch tests, H₁: the first has the larger mean |cos| (Holm over all ${r.comparisons.length} tests below, family-wise ${c.familyWise * 100} %)`,
      `${'target'.padEnd(10)} ${'d'.padStart(6)} ${'t/d'.padStart(6)}  ${'comparison'.padEnd(18)} ${'difference ± SE'.padEnd(22)} ${'t'.padStart(7)} ${'ν'.padStart(6)} ${'p'.padStart(9)}  significant`,
    );
    for (const x of r.comparisons) {
      const label = REPETITA_COMPARISONS.find((k) => k.key === x.comparison)?.label ?? x.comparison;
      lines.push(
        `${x.name.padEnd(10)} ${String(x.d).padStart(6)} ${String(x.horizon).padStart(6)}  ${label.padEnd(18)} ${`${num(x.difference)} ± ${num(x.se)}`.padEnd(22)} ${fixed(x.t, 2, 7)} ${fixed(x.nu, 1, 6)} ${pValue(x.p).padStart(9)}  ${x.significant ? 'yes' : 'no'}`,
      );
    }
  }
  const t = r.timing;
  lines.push('', `wall time ${t.wallSeconds.toFixed(1)} s on ${t.threads} thread${t.threads === 1 ? '' : 's'} (${c.engine} engine)`);
  if (t.explicit) {
    const per = t.explicit.secondsPerStep
      .map((s) => `${s.algorithm} d = ${s.d}: ${(s.seconds * 1e6).toFixed(1)} µs`)
      .join(', ');
    lines.push(`the explicit engine would take ≈ ${formatDuration(t.explicit.totalSeconds)} (measured per step: ${per})`);
  }
  return lines.join('\n');
}

const fixed = (v: number, digits: number, width: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v)).padStart(width);

function pValue(p: number): string {
  if (!Number.isFinite(p)) return 'nan';
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}

function formatDuration(s: number): string {
  if (s < 120) return `${s.toFixed(0)} s`;
  if (s < 7200) return `${(s / 60).toFixed(0)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
