// figureSvg: well-formed XML (fast-xml-parser's strict validator: Node has no DOMParser, and
// a regex cannot check nesting or escaping), six panels, error bars, target titles, escaping.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { figureSvg, type FigureData, type FigureSeries } from '../src/plot/figureSvg.js';

/** Deterministic pseudo-random numbers (LCG, seed fixed) for sample noise. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

const TARGETS = ['z1 + z1*z2', 'tanh(z1 + He3(z2))', 'tanh(z1) + tanh(z2)'];

/** A figure shaped like the paper's: 2 neurons × {multi, single} × {simulation, theory}. */
function sampleFigure(seed = 7): FigureData {
  const rand = lcg(seed);
  const steps = [0, 1, 2, 3, 4, 5, 6];
  const panels = TARGETS.map((title, target) => {
    const row = (orthogonal: boolean): FigureSeries[] => {
      const out: FigureSeries[] = [];
      for (const schedule of ['multi-pass', 'single-pass']) {
        for (const j of [1, 2]) {
          const sign = j === 1 ? 1 : -1;
          const rate = schedule === 'multi-pass' ? 1 : 0.6;
          const theory = steps.map((t) =>
            orthogonal
              ? target === 1 && schedule === 'multi-pass' ? sign * 0.0015 * Math.max(0, t - 1) ** 1.3 : target === 0 ? 0.05 * sign * t * rate : 0
              : sign * (0.35 * (1 - Math.exp(-0.5 * t * rate)) + 0.02 * target),
          );
          const se = steps.map((t) => (t === 0 ? 0 : 0.45 / Math.sqrt(5000) / Math.sqrt(32) * (1 + 0.2 * t)));
          out.push({
            label: `${schedule}, simulation, neuron ${j}`,
            schedule,
            kind: 'simulation',
            y: theory.map((v, i) => v + 2 * se[i] * rand()),
            se,
          });
          out.push({ label: `${schedule === 'multi-pass' ? 'DMFT' : 'single-pass theory'}, neuron ${j}`, schedule, kind: 'theory', y: theory });
        }
      }
      return out;
    };
    return { title, steps, overlap: row(false), orthogonalOverlap: row(true) };
  });
  return { title: 'Multi-pass vs single-pass gradient descent', subtitle: 'd = 5000, α = 3, p = k = 2, ReLU, η = 0.2, 32 seeds', panels };
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: () => true, preserveOrder: true });

/** All elements named `tag` anywhere below `nodes` (preserveOrder tree). */
function findAll(nodes: unknown[], tag: string, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  for (const node of nodes as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(node)) {
      if (key === ':@' || key === '#text') continue;
      if (key === tag) out.push(node);
      if (Array.isArray(value)) findAll(value, tag, out);
    }
  }
  return out;
}

const attr = (node: Record<string, unknown>, name: string) => (node[':@'] as Record<string, string> | undefined)?.[`@${name}`];
const text = (node: Record<string, unknown>, tag: string): string =>
  ((node[tag] as Record<string, unknown>[]) ?? []).map((c) => String(c['#text'] ?? '')).join('');

describe('figureSvg', () => {
  const svg = figureSvg(sampleFigure());
  const tree = parser.parse(svg) as unknown[];

  it('is well-formed XML with an <svg> root in the SVG namespace', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    const root = findAll(tree, 'svg');
    expect(root).toHaveLength(1);
    expect(attr(root[0], 'xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(Number(attr(root[0], 'width'))).toBeGreaterThan(800);
  });

  it('has six panels: two rows (overlap, orthogonal overlap) × three targets', () => {
    const panels = findAll(tree, 'g').filter((g) => attr(g, 'class') === 'panel');
    expect(panels).toHaveLength(6);
    const cells = panels.map((g) => `${attr(g, 'data-row')}:${attr(g, 'data-column')}`).sort();
    expect(cells).toEqual(['orthogonalOverlap:0', 'orthogonalOverlap:1', 'orthogonalOverlap:2', 'overlap:0', 'overlap:1', 'overlap:2']);
  });

  it('titles name the targets, and the axes are labelled', () => {
    const titles = findAll(tree, 'text').filter((t) => attr(t, 'class') === 'panel-title').map((t) => text(t, 'text'));
    expect(titles).toHaveLength(6);
    for (const target of TARGETS) expect(titles.filter((t) => t.includes(target))).toHaveLength(2);
    const axis = findAll(tree, 'text').filter((t) => attr(t, 'class') === 'axis-label').map((t) => text(t, 'text'));
    expect(axis.filter((t) => t === 'step t')).toHaveLength(6);
    expect(axis).toContain('overlap M_j·u₁');
    expect(axis).toContain('orthogonal overlap M_j·u₁⊥');
    const ticks = findAll(tree, 'text').filter((t) => attr(t, 'class') === 'tick-label');
    expect(ticks.length).toBeGreaterThan(6 * 7);
  });

  it('draws one error bar per simulated point with se > 0, and theory lines', () => {
    const bars = findAll(tree, 'line').filter((l) => attr(l, 'class') === 'errorbar');
    // 3 targets × 2 rows × 4 simulated series × 6 steps with se > 0 (t = 0 has se = 0).
    expect(bars).toHaveLength(3 * 2 * 4 * 6);
    for (const b of bars.slice(0, 10)) expect(Number(attr(b, 'y1'))).toBeLessThan(Number(attr(b, 'y2')));
    const lines = findAll(tree, 'polyline').filter((l) => attr(l, 'class') === 'theory');
    expect(lines).toHaveLength(3 * 2 * 4);
  });

  it('has a legend entry per distinct series label', () => {
    const legend = findAll(tree, 'g').filter((g) => attr(g, 'class') === 'legend');
    expect(legend).toHaveLength(1);
    const labels = findAll(legend, 'text').map((t) => text(t, 'text'));
    for (const l of ['multi-pass, simulation, neuron 1', 'DMFT, neuron 2', 'single-pass theory, neuron 1']) expect(labels).toContain(l);
  });

  it('escapes markup in titles and labels, and skips non-finite values', () => {
    const data: FigureData = {
      title: 'a < b & "c"',
      panels: [
        {
          title: "z1 < 0 & z2 > 'x'",
          steps: [0, 1, 2, 3],
          overlap: [
            { label: 'sim <1>', schedule: 'resample:2', kind: 'simulation', y: [0, NaN, 0.2, 0.3], se: [0, 0.01, Infinity, 0.02] },
            { label: 'theory', schedule: 'resample:2', kind: 'theory', y: [0, 0.1, NaN, 0.3] },
          ],
          orthogonalOverlap: [],
        },
      ],
    };
    const out = figureSvg(data);
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).toContain('z1 &lt; 0 &amp; z2 &gt; &apos;x&apos;');
    expect(out).not.toContain('NaN');
    expect(out).not.toContain('Infinity');
    const t = parser.parse(out) as unknown[];
    expect(findAll(t, 'line').filter((l) => attr(l, 'class') === 'errorbar')).toHaveLength(1);
    expect(findAll(t, 'polyline').filter((l) => attr(l, 'class') === 'theory')).toHaveLength(2);
    expect(findAll(t, 'g').filter((g) => attr(g, 'class') === 'panel')).toHaveLength(2);
  });

  it('is deterministic and handles a flat, all-zero panel', () => {
    expect(figureSvg(sampleFigure())).toBe(svg);
    const flat = figureSvg({ panels: [{ title: 'z1', steps: [0], overlap: [{ label: 's', schedule: 'multi-pass', kind: 'simulation', y: [0], se: [0] }], orthogonalOverlap: [] }] });
    expect(XMLValidator.validate(flat)).toBe(true);
    expect(flat).not.toContain('NaN');
  });
});
