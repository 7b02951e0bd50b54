// `multipass-gd sweep collect DIR --out table.csv|json|npz|parquet [--grid GRID]`: one tidy
// table of the store's finished points (collectTable.ts).
import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { statSync } from 'node:fs';
import type { PointRecord } from '../../sweep/SweepStore.js';
import type { CliIo } from './CliIo.js';
import { CliUsageError } from './CliUsageError.js';
import { existingStore, gridArgument } from './sweepArguments.js';

export function addSweepCollect(sweep: Command, io: CliIo): void {
  sweep
    .command('collect')
    .description('one table of every finished point: a row per (point, observable, step, index), config columns included')
    .argument('<dir>', 'store directory')
    .option('--out <file>', 'table file: .csv, .json, .npz or .parquet')
    .option('--grid <file>', 'only the points of this grid file')
    .option('--quiet', 'no summary on stderr')
    .action(async (dir: string, flags: { out?: string; grid?: string; quiet?: boolean }) => {
      if (flags.out === undefined) throw new CliUsageError('--out FILE is required (.csv, .json, .npz or .parquet)');
      const cwd = io.cwd ?? process.cwd();
      // The table writers (parquet, npz) load with the command, not with every CLI start.
      const [{ collectTable }, { tableFormat, writeTable }] = await Promise.all([import('../sweep/collectTable.js'), import('../sweep/writeTable.js')]);
      tableFormat(flags.out);
      const out = resolve(cwd, flags.out);
      if (!statSync(dirname(out), { throwIfNoEntry: false })?.isDirectory()) throw new CliUsageError(`--out: directory '${dirname(out)}' does not exist`);
      const grid = flags.grid === undefined ? undefined : await gridArgument(cwd, flags.grid);
      const store = await existingStore(cwd, dir);
      const statuses = await store.statuses();
      const wanted = grid ? grid.points.map((p) => p.key) : [...statuses.keys()];
      const records: PointRecord[] = [];
      for (const key of wanted) {
        if (statuses.get(key) !== 'done') continue;
        const record = await store.read(key);
        if (record) records.push(record);
      }
      const table = collectTable(records);
      await writeTable(out, table);
      const failed = wanted.filter((k) => statuses.get(k) === 'failed').length;
      const missing = wanted.length - records.length - failed;
      if (!flags.quiet) {
        io.stderr(`multipass-gd: collected ${records.length} points (${table[0]?.values.length ?? 0} rows) into ${flags.out}; ${failed} failed, ${missing} not finished\n`);
      }
    });
}
