// Progress reporting: the cli-progress bar writes ETA lines to the stream it is given (here a
// non-TTY stream, as with --progress in a log), plain lines are throttled.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatSeconds } from '../src/node/progress.js';

function sink(): { stream: NodeJS.WritableStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('createProgress', () => {
  it('bar mode on a non-TTY stream prints the bar with value/total and ETA', () => {
    const s = sink();
    const p = createProgress({ mode: 'bar', label: 'run', stream: s.stream, isTTY: false, intervalMs: 1_000_000 });
    p.update(0, 4);
    p.update(2, 4);
    p.update(4, 4);
    p.stop();
    p.stop();
    const out = s.text();
    expect(out).toContain('multipass-gd run [');
    expect(out).toMatch(/4\/4 \| elapsed \S+ \| ETA \S+/);
  });

  it('lines mode: nothing before the interval, then at most one line per interval, nothing after stop', () => {
    let t = 1000;
    const lines: string[] = [];
    const p = createProgress({ mode: 'lines', label: 'theory', writeLine: (l) => lines.push(l), intervalMs: 2000, now: () => t });
    t += 1999;
    p.update(1, 100);
    expect(lines).toEqual([]);
    t += 1;
    p.update(20, 100);
    t += 500;
    p.update(25, 100);
    t += 1500;
    p.update(40, 100);
    p.stop();
    t += 10_000;
    p.update(90, 100);
    expect(lines).toEqual(['multipass-gd: theory 20/100 (20%), elapsed 2s, ETA 8s', 'multipass-gd: theory 40/100 (40%), elapsed 4s, ETA 6s']);
  });

  it.each([[0, '0s'], [4.4, '4s'], [59.6, '1m00s'], [75, '1m15s'], [3600 * 2 + 61, '2h01m'], [-3, '0s']])('formatSeconds(%d) = %s', (s, text) => {
    expect(formatSeconds(s)).toBe(text);
  });
});
