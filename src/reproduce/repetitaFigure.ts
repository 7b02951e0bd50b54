// The data-repetition figure (docs/model.md §5) as the authors' plotting.py draws it: one panel
// per target, mean |cos(w, w*)| over seeds against t/d with ±SE, a curve per algorithm and d,
// and the random level 1/√d per d. Colour: algorithm; dash: d.
import type { BandFigure, BandSeries } from '../plot/bandPanelsSvg.js';
import { REPETITA_ALGORITHMS, REPETITA_RHO } from './repetitaSetup.js';
import type { RepetitaResult } from './reproduceRepetita.js';

const COLOURS: Record<string, string> = { sgd: '#1f5fbf', egd: '#d0402b', repeat: '#2a9d55' };
/** Dashes by rank of d, the largest solid. */
const DASHES = ['2 3', '7 4', ''];

export function repetitaFigure(r: RepetitaResult): BandFigure {
  const ds = r.config.ds;
  const dash = (d: number) => DASHES[Math.max(0, DASHES.length - ds.length + ds.indexOf(d))] ?? '';
  const label = (key: string) => REPETITA_ALGORITHMS.find((a) => a.key === key)?.label ?? key;
  const panels = r.config.targets.map((target) => ({
    title: target,
    series: r.curves.filter((c) => c.target === target).map((c): BandSeries => ({
      label: `${label(c.algorithm)}, d = ${c.d}`,
      colour: COLOURS[c.algorithm] ?? '#555555',
      dash: dash(c.d),
      x: c.steps.map((t) => t / c.d),
      y: c.cosine.mean,
      se: c.cosine.se,
    })),
    references: ds.map((d) => ({ label: `random level 1/√d, d = ${d}`, y: 1 / Math.sqrt(d), colour: '#888888', dash: dash(d) || '5 3' })),
  }));
  return {
    title: 'Data repetition: online SGD, displaced SGD and each sample used twice',
    subtitle: `ReLU student, p = k = 1, n = 1, η = ${r.config.common.lr}, ρ = ${REPETITA_RHO}, M⁰ = 0; ${r.config.seeds} seeds, ${r.config.engine} engine (Arnaboldi et al. 2024, Fig. 1)`,
    xLabel: 't/d (steps per dimension)',
    yLabel: 'mean |cos(w, w*)| over seeds',
    panels,
    note: 'lines: mean over seeds; bands: ±1 standard error; grey: the random level 1/√d',
  };
}
