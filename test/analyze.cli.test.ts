// `multipass-gd analyze` on the real API, in-process (as test/cli-e2e.test.ts): the acceptance
// of docs/model.md §7 for a target with an irrelevant direction, the student options, and bad
// student options as one line with exit 2.
import { describe, expect, it } from 'vitest';
import { cliIn } from './helpers/cliInProcess.js';

const cli = cliIn(process.cwd());

const S = Math.SQRT1_2;

describe('multipass-gd analyze', () => {
  it("--target 'tanh(z1 + z2)' --json: one relevant direction, n ~ d, no symmetric direction", async () => {
    const r = await cli(['analyze', '--target', 'tanh(z1 + z2)', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.relevant).toHaveLength(1);
    // Unit vectors along (1,1)/√2 and (1,−1)/√2 (quadrature error ≤ 5e-9 in √λ: docs/analyze.md §2).
    expect(Math.abs(a.relevant[0][0] * S + a.relevant[0][1] * S)).toBeGreaterThan(1 - 1e-6);
    expect(a.irrelevant).toHaveLength(1);
    expect(Math.abs(a.irrelevant[0][0] * S - a.irrelevant[0][1] * S)).toBeGreaterThan(1 - 1e-6);
    expect(a.singlePass.sampleComplexity).toBe('n ~ d');
    expect(a.multiPass.hard).toEqual([]);
    expect(a.singlePass.student.activation).toBe('relu(u)');
    expect(a.singlePass.student.directions).toHaveLength(1);
    expect(a.singlePass.student.directions[0].learnt).toBe(true);
  });

  it('--activation tanh: the student-level verdict for that activation', async () => {
    const r = await cli(['analyze', '--target', 'z1 + z1*z2', '--activation', 'tanh', '--steps', '4']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/single-pass, this student \(σ = tanh\(u\), α = 3, η = 0\.2, 4 steps/);
    // σ = tanh is odd and h(s) = E[f* z2 | z1 = s] = s is odd: the z2 drift vanishes.
    expect(r.stdout).toMatch(/z2 +not learnt: stays at 0.*σ′ is even/);
  });

  it('bad student options: one line naming the option, exit 2', async () => {
    for (const [flag, value, name] of [['--activation', 'v', 'activation'], ['--alpha', '0', 'alpha'], ['--steps', '-1', 'steps']]) {
      const r = await cli(['analyze', '--target', 'z1', flag, value]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(name);
      expect(r.stdout).toBe('');
    }
  });
});
