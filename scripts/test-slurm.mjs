#!/usr/bin/env node
// npm run test:slurm: the sweep on a real Slurm cluster of one node (this machine, as root).
// Installs Debian's slurm-wlm and munge when missing, starts munged, slurmctld and slurmd with
// a private configuration, then:
//   1. a 12-point grid run locally (the reference);
//   2. the same grid submitted as an array of 4 tasks (sweep slurm --wait), collected, and
//      checked bit-identical to the reference;
//   3. the grid submitted again into a fresh store, one running array task cancelled with
//      scancel midway, the job resubmitted: checked bit-identical, no point lost, none computed
//      twice (the store's per-run event logs count every completion).
// Every daemon started here is stopped by its PID whatever the outcome (also on Ctrl-C).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './lib/build.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BIN = join(ROOT, 'bin', 'multipass-gd.js');
const POINTS = 12;
const TASKS = 4;
/** @type {{ name: string, child: import('node:child_process').ChildProcess }[]} */
const started = [];
const work = mkdtempSync(join(tmpdir(), 'mpgd-slurm-'));
const env = { ...process.env, SLURM_CONF: join(work, 'slurm.conf') };
const t0 = Date.now();
/** @param {string} line */
const log = (line) => console.log(`test:slurm [${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);

/** @param {string} command */
function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {Omit<import('node:child_process').ExecFileSyncOptions, 'encoding'>} [options]
 * @returns {string}
 */
function run(command, args, options = {}) {
  return execFileSync(command, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

function install() {
  const missing = ['sbatch', 'slurmctld', 'slurmd', 'munged'].filter((c) => !has(c) && !existsSync(`/usr/sbin/${c}`));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`${missing.join(', ')} missing and not root: apt-get install slurm-wlm munge`);
  log(`installing slurm-wlm and munge (missing: ${missing.join(', ')})`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'slurm-wlm', 'munge'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/**
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 */
function daemon(name, command, args, options = {}) {
  const out = join(work, `${name}.out`);
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'ignore'], ...options });
  child.on('error', (e) => log(`${name}: ${e.message} (see ${out})`));
  started.push({ name, child });
  return child;
}

/**
 * @param {string} what
 * @param {() => boolean} test
 * @param {number} [timeoutMs]
 * @param {number} [stepMs]
 */
async function waitFor(what, test, timeoutMs = 30_000, stepMs = 200) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (test()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

function startMunge() {
  if (!existsSync('/etc/munge/munge.key')) run('mungekey', ['-c']);
  const uid = Number(run('id', ['-u', 'munge']).trim());
  const gid = Number(run('id', ['-g', 'munge']).trim());
  for (const d of ['/run/munge', '/var/lib/munge', '/var/log/munge']) {
    mkdirSync(d, { recursive: true });
    chownSync(d, uid, gid);
  }
  chownSync('/etc/munge/munge.key', uid, gid);
  // -F: stay in the foreground, so the PID we hold is munged's own.
  daemon('munged', '/usr/sbin/munged', ['-F'], { uid, gid });
}

function startSlurm() {
  const node = hostname().split('.')[0];
  const cpus = Number(run('nproc', []).trim());
  for (const d of ['state', 'spool']) mkdirSync(join(work, d), { recursive: true });
  writeFileSync(
    env.SLURM_CONF,
    [
      'ClusterName=mpgdtest',
      `SlurmctldHost=${node}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'SchedulerType=sched/backfill',
      'ReturnToService=2',
      'MpiDefault=none',
      'JobCompType=jobcomp/none',
      'AccountingStorageType=accounting_storage/none',
      `StateSaveLocation=${work}/state`,
      `SlurmdSpoolDir=${work}/spool`,
      `SlurmctldPidFile=${work}/slurmctld.pid`,
      `SlurmdPidFile=${work}/slurmd.pid`,
      `SlurmctldLogFile=${work}/slurmctld.log`,
      `SlurmdLogFile=${work}/slurmd.log`,
      `NodeName=${node} CPUs=${cpus} State=UNKNOWN`,
      `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  // -D: foreground (our PID is the daemon's); -i: ignore state left by an earlier run.
  daemon('slurmctld', '/usr/sbin/slurmctld', ['-D', '-i', '-f', env.SLURM_CONF]);
  daemon('slurmd', '/usr/sbin/slurmd', ['-D', '-f', env.SLURM_CONF]);
}

async function stopAll() {
  try {
    spawnSync('scancel', ['--user', 'root'], { env, stdio: 'ignore', timeout: 10_000 });
  } catch {
    /* no jobs, or slurmctld already down */
  }
  for (const { name, child } of started.reverse()) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
    log(`stopped ${name} (pid ${child.pid})`);
  }
}

/**
 * @param {string[]} args
 * @param {Omit<import('node:child_process').SpawnSyncOptions, 'encoding'>} [options]
 */
function cli(args, options = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', cwd: work, ...options });
  return r;
}

/**
 * @param {import('node:child_process').SpawnSyncReturns<string>} r
 * @param {string} what
 */
function expectOk(r, what) {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr}`);
  return r;
}

/**
 * Every computation of a point: key → how many sweep calls (run ids) finished it, from their
 * 'done' events and from the stored record. A task cancelled between its record's rename and
 * its event line leaves only the record, so the record's run id counts too.
 * @param {string} store
 * @returns {Map<string, number>}
 */
function completions(store) {
  /** @type {Map<string, Set<string>>} */
  const runs = new Map();
  /** @param {string} key @param {string} runId */
  const add = (key, runId) => runs.set(key, (runs.get(key) ?? new Set()).add(runId));
  const events = join(work, store, 'events');
  for (const name of existsSync(events) ? readdirSync(events) : []) {
    for (const line of readFileSync(join(events, name), 'utf8').split('\n')) {
      try {
        const e = JSON.parse(line);
        if (e.event === 'done') add(e.key, name.replace(/\.jsonl$/, ''));
      } catch {
        /* empty or cut line */
      }
    }
  }
  const points = join(work, store, 'points');
  for (const name of existsSync(points) ? readdirSync(points) : []) {
    if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
    add(name.slice(0, 64), JSON.parse(readFileSync(join(points, name), 'utf8')).run.runId);
  }
  return new Map([...runs].map(([key, ids]) => [key, ids.size]));
}

/** @param {string} store */
function collect(store) {
  expectOk(cli(['sweep', 'collect', store, '--out', `${store}.json`, '--quiet']), `collect ${store}`);
  return readFileSync(join(work, `${store}.json`), 'utf8');
}

/**
 * @param {boolean} condition
 * @param {string} message
 */
function check(condition, message) {
  if (!condition) throw new Error(message);
  log(`ok: ${message}`);
}

async function main() {
  install();
  await ensureBuild(ROOT, process.argv, 'test:slurm'); // the array tasks run bin/multipass-gd.js
  writeFileSync(
    join(work, 'grid.yaml'),
    [
      'command: run',
      'grid:',
      '  d: [32, 48, 64]',
      '  lr: [0.05, 0.1]',
      '  seed: [0, 7]',
      'fixed:',
      '  steps: 1500',
      '  seeds: 2',
      '  test-error: false',
      '',
    ].join('\n'),
  );
  let t = Date.now();
  expectOk(cli(['sweep', 'grid.yaml', '--out', 'local', '--quiet']), 'local sweep');
  const local = collect('local');
  log(`local sweep of ${POINTS} points: ${((Date.now() - t) / 1000).toFixed(1)} s`);

  startMunge();
  await waitFor('munged', () => existsSync('/run/munge/munge.socket.2'));
  startSlurm();
  await waitFor('the node to be idle', () => {
    const r = spawnSync('sinfo', ['-h', '-o', '%t'], { env, encoding: 'utf8' });
    return r.status === 0 && /idle/.test(r.stdout);
  });
  log('cluster up');

  // 2. The whole grid as an array of 4 tasks.
  t = Date.now();
  expectOk(cli(['sweep', 'slurm', 'grid.yaml', '--out', 'array', '--tasks', String(TASKS), '--wait']), 'sweep slurm --wait');
  log(`array of ${TASKS} tasks over ${POINTS} points, submit to all ended: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  check(collect('array') === local, `${POINTS} points from the array are bit-identical to the local sweep`);
  check([...completions('array').values()].every((n) => n === 1) && completions('array').size === POINTS, 'every point computed once');

  // 3. One array task cancelled midway, then the job resubmitted.
  t = Date.now();
  const submitted = expectOk(cli(['sweep', 'slurm', 'grid.yaml', '--out', 'cancelled', '--tasks', String(TASKS)]), 'sweep slurm');
  const job = submitted.stdout.trim();
  await waitFor('a first finished point', () => completions('cancelled').size >= 1, 60_000, 50);
  let victim = '';
  await waitFor('a running task with points left', () => {
    const r = spawnSync('squeue', ['-h', '-j', job, '-t', 'R', '-o', '%i'], { env, encoding: 'utf8' });
    victim = r.stdout.trim().split('\n').filter(Boolean)[0] ?? '';
    return victim !== '';
  }, 30_000, 50);
  run('scancel', [victim]);
  log(`cancelled array task ${victim} after ${completions('cancelled').size} finished points`);
  await waitFor('the job to end', () => spawnSync('squeue', ['-h', '-j', job], { env, encoding: 'utf8' }).stdout.trim() === '', 120_000);
  const status = JSON.parse(expectOk(cli(['sweep', 'status', 'cancelled', '--json']), 'status').stdout);
  log(`after the cancel: ${status.done} done, ${status.pending} pending, ${status.running} running`);
  check(status.done < POINTS, 'the cancelled task left points unfinished');
  expectOk(cli(['sweep', 'slurm', 'grid.yaml', '--out', 'cancelled', '--tasks', String(TASKS), '--wait']), 'resubmission');
  log(`cancel and resubmit: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  check(collect('cancelled') === local, 'after the resubmission the table is bit-identical to the local sweep');
  const counts = completions('cancelled');
  check(counts.size === POINTS && [...counts.values()].every((n) => n === 1), 'no point lost, none computed twice');
}

let failed = false;
const onSignal = async () => {
  await stopAll();
  process.exit(130);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
try {
  await main();
  log('1 passed, 0 failed');
} catch (error) {
  failed = true;
  console.error(`test:slurm: FAILED: ${/** @type {Error} main throws Errors */ (error).message}`);
  for (const name of ['slurmctld.log', 'slurmd.log']) {
    const path = join(work, name);
    if (existsSync(path)) console.error(`--- ${name} (tail)\n${readFileSync(path, 'utf8').split('\n').slice(-15).join('\n')}`);
  }
} finally {
  await stopAll();
  if (!failed) rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
