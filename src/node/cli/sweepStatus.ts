// `multipass-gd sweep status DIR [--grid GRID] [--json]`: how many points of the store's grids
// (or of GRID) are done, failed, running and pending, and why the failed ones failed.
import type { Command } from 'commander';
import { formatJson } from '../io/formatJson.js';
import { manifestKeys } from '../sweep/gridManifest.js';
import type { CliIo } from './CliIo.js';
import { existingStore, gridArgument } from './sweepArguments.js';

export function addSweepStatus(sweep: Command, io: CliIo): void {
  sweep
    .command('status')
    .description('done, failed, running and pending points of a store')
    .argument('<dir>', 'store directory')
    .option('--grid <file>', 'count the points of this grid file (default: every grid run on the store)')
    .option('--json', 'print JSON')
    .action(async (dir: string, flags: { grid?: string; json?: boolean }) => {
      const cwd = io.cwd ?? process.cwd();
      const grid = flags.grid === undefined ? undefined : await gridArgument(cwd, flags.grid);
      const store = await existingStore(cwd, dir);
      const statuses = await store.statuses();
      const holders = await store.holders();
      const keys = grid ? new Set(grid.points.map((p) => p.key)) : new Set([...(await manifestKeys(store.dir)), ...statuses.keys()]);
      const count = { points: keys.size, done: 0, failed: 0, running: 0, pending: 0 };
      const failedKeys: string[] = [];
      for (const key of keys) {
        const s = statuses.get(key);
        if (s === 'done') count.done++;
        else if (s === 'failed') (count.failed++, failedKeys.push(key));
        else if (holders.has(key)) count.running++;
        else count.pending++;
      }
      const failed = [];
      for (const key of failedKeys) {
        const r = await store.read(key);
        failed.push({ key, options: r?.options, message: r?.message });
      }
      const running = [...holders].filter(([key]) => keys.has(key)).map(([key, h]) => ({ key, host: h.host, pid: h.pid, since: h.createdAt, attempt: h.attempt }));
      if (flags.json) {
        io.stdout(formatJson({ ...count, failedPoints: failed, runningPoints: running }));
        return;
      }
      io.stdout(`store: ${dir}\npoints: ${count.points}\ndone: ${count.done}\nfailed: ${count.failed}\nrunning: ${count.running}\npending: ${count.pending}\n`);
      for (const f of failed) io.stdout(`failed ${f.key.slice(0, 12)} ${JSON.stringify(f.options)}: ${f.message}\n`);
      for (const r of running) io.stdout(`running ${r.key.slice(0, 12)} on ${r.host} pid ${r.pid} since ${r.since} (attempt ${r.attempt})\n`);
    });
}
