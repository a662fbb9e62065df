// `npm run torture [-- --n 20] [--only import,export] [--seed S]`: kill -9 at random moments during
// import, match, resolve, close, export and the daily run, N times each; after every kill the
// workspace must pass quick_check and `verify`, each step must be wholly done or not at all, and a
// re-run must reach the same figures as an uninterrupted run (computed once per operation). Then a
// full-disk run on a small file system, where the machine allows mounting one. Not part of npm test:
// it takes minutes. Prints survived / total per operation.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync, closeSync, truncateSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeReport } from '../electron/engine/report';
import { verifyStatement } from '../electron/engine/statement';
import { describeProblems, verifyWorkspace } from '../electron/engine/integrity/verify';
import { listAudit } from '../electron/engine/workspace/audit';
import { createWorkspace, openWorkspace, type DB } from '../electron/engine/workspace/db';
import {
  CHANNELS, importSamples, matchAll, OPERATIONS, PERIODS, runOperation, SAMPLE_FILES, SAMPLES, setUpChannels, START, statementPath, type Operation, type Start,
} from './operations';

const CHILD = join(import.meta.dirname, 'child.ts');

interface Options { n: number; only: Operation[]; seed: number }

function options(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  const n = Number(value('n') ?? 20);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--n takes a positive whole number: ${value('n')}`);
  const only = (value('only')?.split(',') ?? [...OPERATIONS]).map((s) => s.trim().replace('-', ' '));
  for (const op of only) if (!OPERATIONS.includes(op as Operation)) throw new Error(`unknown operation ${op}; one of ${OPERATIONS.join(', ')}`);
  return { n, only: only as Operation[], seed: Number(value('seed') ?? Date.now() % 1_000_000) };
}

/** Deterministic random numbers from --seed, so that a run can be repeated. */
function random(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

// ---- workspaces ------------------------------------------------------------------------------

function buildTemplates(dir: string): Record<Start, string> {
  const paths = { channels: join(dir, 'channels.sqlite'), imported: join(dir, 'imported.sqlite'), matched: join(dir, 'matched.sqlite') };
  const save = (db: DB, path: string) => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(db.name, path);
  };
  const work = join(dir, 'building.sqlite');
  const { db } = createWorkspace(work);
  try {
    setUpChannels(db);
    save(db, paths.channels);
    importSamples(db);
    save(db, paths.imported);
    matchAll(db);
    save(db, paths.matched);
  } finally {
    db.close();
  }
  return paths;
}

/** A trial's own copy of the starting workspace, with its inbox or export folder. */
function prepare(op: Operation, template: string, dir: string): { path: string; folder: string } {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'ws.sqlite');
  copyFileSync(template, path);
  const folder = join(dir, op === 'daily run' ? 'inbox' : 'out');
  mkdirSync(folder);
  if (op === 'daily run') for (const f of SAMPLE_FILES) copyFileSync(join(SAMPLES, f), join(folder, f));
  return { path, folder };
}

// ---- what must hold --------------------------------------------------------------------------

/** The figures a user would compare: files and their digests, each period's report, differences, closed periods. */
function figures(db: DB): string {
  const timeless = (value: unknown) => JSON.parse(JSON.stringify(value, (k, v: unknown) => (/(_at|At)$/.test(k) ? undefined : v)));
  return JSON.stringify({
    files: db.prepare('SELECT f.file_name, f.accepted, f.rejected, d.records, d.hash FROM source_files f LEFT JOIN file_digests d ON d.file_id = f.id ORDER BY f.file_name').all(),
    reports: PERIODS.map((period) => timeless(computeReport(db, { period }))),
    differences: db.prepare(`SELECT channel_id, period, category, status, resolution, COUNT(*) AS n, SUM(difference_minor) AS amount FROM differences WHERE active = 1
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`).all(),
    closed: (db.prepare('SELECT channel_id, period, figures FROM closed_periods ORDER BY 1, 2').all() as { figures: string }[]).map((c) => ({ ...c, figures: timeless(JSON.parse(c.figures)) })),
  });
}

const count = (db: DB, sql: string, ...args: string[]) => (db.prepare(sql).pluck().get(...args) as number);
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Open differences per channel period of the starting workspace: a bulk resolve leaves all or none of them. */
type OpenCounts = Map<string, number>;
function openCounts(db: DB): OpenCounts {
  const rows = db.prepare("SELECT channel_id || ' ' || period AS k, COUNT(*) AS n FROM differences WHERE active = 1 AND status = 'open' GROUP BY 1").raw().all() as [string, number][];
  return new Map(rows);
}

/** Everything that must hold after a kill (and after the re-run): each step all or nothing. */
function check(op: Operation, path: string, folder: string, startOpen: OpenCounts): string[] {
  let ws;
  try {
    ws = openWorkspace(path, { create: false });
  } catch (e) {
    return [`the workspace does not open: ${(e as Error).message}`];
  }
  const db = ws.db;
  const problems: string[] = [];
  try {
    const quick = db.pragma('quick_check', { simple: true });
    if (quick !== 'ok') problems.push(`quick_check: ${String(quick)}`);
    const v = verifyWorkspace(db);
    if (!v.ok) problems.push(`verify: ${describeProblems(v.files).en} audit chain ${v.auditChainBrokenAt ?? 'ok'}`);
    const halfFiles = count(db, 'SELECT COUNT(*) FROM source_files f LEFT JOIN file_digests d ON d.file_id = f.id WHERE d.records IS NOT f.accepted');
    if (halfFiles > 0) problems.push(`${halfFiles} files whose stored records are not their accepted rows`);
    if (count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'import.file'") !== count(db, 'SELECT COUNT(*) FROM source_files')) problems.push('imported files and their audit entries differ');
    if (count(db, 'SELECT COUNT(*) FROM matches WHERE run_id NOT IN (SELECT id FROM match_runs)') > 0) problems.push('matches of a match run that is not stored');
    if (count(db, 'SELECT COUNT(*) FROM differences WHERE last_run_id NOT IN (SELECT id FROM match_runs)') > 0) problems.push('differences of a match run that is not stored');
    if (count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'period.close'") !== count(db, 'SELECT COUNT(*) FROM closed_periods')) problems.push('closed periods and their audit entries differ');
    if (op === 'resolve') {
      const now = openCounts(db);
      for (const [key, before] of startOpen) {
        const [channelId, period] = key.split(' ') as [string, string];
        const resolved = count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'diff.bulk_resolve' AND channel_id = ? AND period = ?", channelId, period) > 0;
        const open = now.get(key) ?? 0;
        if (resolved ? open !== 0 : open !== before) problems.push(`${key}: ${open} of ${before} differences open, bulk resolve ${resolved ? '' : 'not '}recorded`);
      }
    }
    if (op === 'export') {
      const entries = listAudit(db, { action: 'statement.export', limit: 1000 });
      for (const channelId of CHANNELS) {
        const file = statementPath(folder, channelId);
        const entry = entries.find((e) => (e.after as { path: string }).path === file);
        const onDisk = existsSync(file);
        if (onDisk !== (entry !== undefined)) problems.push(`${channelId} statement ${onDisk ? 'on disk without' : 'recorded without a file for'} its audit entry`);
        else if (onDisk && (entry!.after as { sha256: string }).sha256 !== sha256(file)) problems.push(`${channelId} statement differs from the one recorded`);
      }
    }
    if (op === 'daily run') {
      const imported = join(folder, 'imported');
      for (const name of existsSync(imported) ? readdirSync(imported) : []) {
        if (count(db, 'SELECT COUNT(*) FROM source_files WHERE sha256 = ?', sha256(join(imported, name))) === 0) problems.push(`${name} moved to imported/ but not imported`);
      }
    }
  } finally {
    db.close();
  }
  return problems;
}

/** Rows left out of every match (the daily run's known gap after a crash), when there are any. */
function unmatchedRows(db: DB): string {
  const n = PERIODS.flatMap((period) => computeReport(db, { period }).channels.map((c) => c.unmatched_rows ?? 0)).reduce((a, b) => a + b, 0);
  return n > 0 ? `; ${n} rows imported after the last match` : '';
}

/** After the re-run: the same figures as the uninterrupted run, and nothing left behind. */
function checkFinished(op: Operation, path: string, folder: string, reference: string): string[] {
  const problems: string[] = [];
  const { db } = openWorkspace(path, { create: false });
  try {
    const now = JSON.parse(figures(db)) as Record<string, unknown>;
    const expected = JSON.parse(reference) as Record<string, unknown>;
    const differ = Object.keys(expected).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(expected[k]));
    if (differ.length > 0) problems.push(`the re-run does not reach the figures of an uninterrupted run (${differ.join(', ')} differ${unmatchedRows(db)})`);
    if (op === 'export') {
      const left = readdirSync(folder).sort();
      const expected = CHANNELS.map((c) => statementPath(folder, c).slice(folder.length + 1)).sort();
      if (JSON.stringify(left) !== JSON.stringify(expected)) problems.push(`export folder holds ${left.join(', ')}`);
      for (const c of CHANNELS) if (!verifyStatement(db, statementPath(folder, c)).ok) problems.push(`${c} statement does not verify`);
    }
    if (op === 'daily run') {
      const left = readdirSync(folder).filter((f) => !statSync(join(folder, f)).isDirectory());
      if (left.length > 0) problems.push(`inbox still holds ${left.join(', ')}`);
    }
  } finally {
    db.close();
  }
  return problems;
}

// ---- the child -------------------------------------------------------------------------------

interface ChildEnd { killed: boolean; code: number | null; ms: number | null; stderr: string }

/** Runs `op` in a child process; with `killAfter`, kills it (SIGKILL) that many ms after it is ready. */
function runChild(op: Operation, path: string, folder: string, killAfter: (() => number) | null): Promise<ChildEnd> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, op, path, folder], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (killAfter && timer === null && out.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), killAfter());
    });
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const done = /done (\d+)/.exec(out);
      resolve({ killed: signal === 'SIGKILL', code, ms: done ? Number(done[1]) : null, stderr: err.trim() });
    });
  });
}

// ---- trials ----------------------------------------------------------------------------------

interface Tally { op: string; total: number; survived: number; killedMidway: number; finishedFirst: number; failures: string[]; tempFilesLeft: number }

async function torture(op: Operation, template: string, work: string, n: number, rand: () => number): Promise<Tally> {
  const tally: Tally = { op, total: 0, survived: 0, killedMidway: 0, finishedFirst: 0, failures: [], tempFilesLeft: 0 };
  // The reference: one uninterrupted run in a child, which also times the operation.
  const ref = prepare(op, template, join(work, 'reference'));
  const uninterrupted = await runChild(op, ref.path, ref.folder, null);
  if (uninterrupted.code !== 0 || uninterrupted.ms === null) throw new Error(`${op}: the uninterrupted run failed: ${uninterrupted.stderr}`);
  const { db: refDb } = openWorkspace(ref.path, { create: false });
  const reference = figures(refDb);
  refDb.close();
  const { db: startDb } = openWorkspace(template, { create: false, readonly: true });
  const startOpen = openCounts(startDb);
  startDb.close();
  const opMs = Math.max(uninterrupted.ms, 20);

  for (let i = 1; i <= n; i++) {
    const trial = prepare(op, template, join(work, 'trial'));
    const end = await runChild(op, trial.path, trial.folder, () => Math.floor(rand() * opMs * 1.1));
    tally.total++;
    const problems: string[] = [];
    if (end.killed) tally.killedMidway++;
    else if (end.code === 0) tally.finishedFirst++;
    else problems.push(`the child failed on its own: ${end.stderr.split('\n').slice(0, 3).join(' ')}`);
    problems.push(...check(op, trial.path, trial.folder, startOpen).map((p) => `after the kill: ${p}`));
    // A killed export leaves its hidden temporary file; the re-run must remove it (checkFinished).
    tally.tempFilesLeft += readdirSync(trial.folder).filter((f) => f.endsWith('.tmp')).length;
    try {
      runOperation(op, trial.path, trial.folder);
      problems.push(...check(op, trial.path, trial.folder, startOpen).map((p) => `after the re-run: ${p}`));
      problems.push(...checkFinished(op, trial.path, trial.folder, reference));
    } catch (e) {
      problems.push(`the re-run failed: ${(e as Error).message}`);
    }
    if (problems.length === 0) tally.survived++;
    else tally.failures.push(`#${i}: ${problems.join('; ')}`);
    process.stdout.write(problems.length === 0 ? '.' : 'x');
  }
  process.stdout.write('\n');
  return tally;
}

// ---- full disk -------------------------------------------------------------------------------

/** Big enough for the whole demo month once space is freed again. */
const SMALL_FS_MB = 32;
/** Room left on the full file system: enough to open the workspace, not for the whole operation. */
const HEADROOM_KB = [0, 64, 512];

/** Fills the file system of `dir` until a write fails, then frees `headroomKb`; returns the filler's path. */
function fill(dir: string, headroomKb: number): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (let size = chunk.length; size >= 512; size = Math.floor(size / 2)) {
      try {
        for (;;) writeSync(fd, chunk, 0, size);
      } catch {
        // This size no longer fits: try smaller pieces until nothing fits.
      }
    }
  } finally {
    closeSync(fd);
  }
  truncateSync(filler, Math.max(0, statSync(filler).size - headroomKb * 1024));
  return filler;
}

async function fullDisk(templates: Record<Start, string>, work: string, ops: Operation[]): Promise<Tally[] | string> {
  const mount = join(work, 'small-fs');
  mkdirSync(mount, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${SMALL_FS_MB}m`, 'tmpfs', mount], { encoding: 'utf8' });
  if (mounted.status !== 0) return `full-disk run skipped: cannot mount a ${SMALL_FS_MB} MB file system here (${(mounted.stderr || mounted.error?.message || 'refused').trim()})`;
  const tallies: Tally[] = [];
  try {
    for (const op of ops) {
      const tally: Tally = { op: `${op} (disk full)`, total: 0, survived: 0, killedMidway: 0, finishedFirst: 0, failures: [], tempFilesLeft: 0 };
      const ref = prepare(op, templates[START[op]], join(work, 'full-ref'));
      runOperation(op, ref.path, ref.folder);
      const { db: refDb } = openWorkspace(ref.path, { create: false });
      const reference = figures(refDb);
      refDb.close();
      const { db: startDb } = openWorkspace(templates[START[op]], { create: false, readonly: true });
      const startOpen = openCounts(startDb);
      startDb.close();

      for (const headroom of HEADROOM_KB) {
        const trial = prepare(op, templates[START[op]], join(mount, 'trial'));
        const filler = fill(mount, headroom);
        const end = await runChild(op, trial.path, trial.folder, null);
        const problems: string[] = [];
        // Refused with a message or done; never killed by a signal.
        if (end.code === null) problems.push(`the operation crashed on the full disk: ${end.stderr.slice(0, 200)}`);
        const outcome = end.code === 0 ? 'completed' : `refused: ${/^\w*Error: .*$/m.exec(end.stderr)?.[0] ?? end.stderr.split('\n')[0]}`;
        rmSync(filler);
        problems.push(...check(op, trial.path, trial.folder, startOpen).map((p) => `after the full disk: ${p}`));
        try {
          runOperation(op, trial.path, trial.folder);
          problems.push(...check(op, trial.path, trial.folder, startOpen).map((p) => `after the re-run: ${p}`));
          problems.push(...checkFinished(op, trial.path, trial.folder, reference));
        } catch (e) {
          problems.push(`the re-run with space again failed: ${(e as Error).message}`);
        }
        rmSync(join(mount, 'trial'), { recursive: true, force: true });
        tally.total++;
        if (problems.length === 0) tally.survived++;
        tally.failures.push(`${headroom} KB free: ${problems.length === 0 ? 'ok' : problems.join('; ')} (${outcome.slice(0, 140)})`);
      }
      tallies.push(tally);
    }
  } finally {
    spawnSync('umount', [mount]);
  }
  return tallies;
}

// ---- main ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const rand = random(opts.seed);
  const work = mkdtempSync(join(tmpdir(), 'recondesk-torture-'));
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`torture: N = ${opts.n} per operation, seed ${opts.seed}, ${availableParallelism()} cores, load ${load()}`);
  const started = Date.now();
  try {
    const templates = buildTemplates(work);
    const tallies: Tally[] = [];
    for (const op of opts.only) {
      process.stdout.write(`${op.padEnd(10)} `);
      tallies.push(await torture(op, templates[START[op]], work, opts.n, rand));
    }
    const disk = await fullDisk(templates, work, opts.only);
    console.log('');
    console.log('operation              survived / total   killed mid-operation   finished before the kill   temporary files left by the kills');
    for (const t of tallies) console.log(`${t.op.padEnd(22)} ${`${t.survived} / ${t.total}`.padStart(16)}   ${String(t.killedMidway).padStart(20)}   ${String(t.finishedFirst).padStart(24)}   ${String(t.tempFilesLeft).padStart(33)}`);
    if (typeof disk === 'string') console.log(disk);
    else {
      for (const t of disk) {
        console.log(`${t.op.padEnd(22)} ${`${t.survived} / ${t.total}`.padStart(16)}`);
        for (const line of t.failures) console.log(`  ${line}`);
      }
    }
    for (const t of tallies) {
      // The same failure in several trials is printed once, with its trials.
      const byReason = new Map<string, string[]>();
      for (const f of t.failures) {
        const [, trial, reason] = /^#(\d+): (.*)$/.exec(f)!;
        const key = reason!.replace(/\d+ rows/g, 'N rows');
        byReason.set(key, [...(byReason.get(key) ?? []), trial!]);
      }
      for (const [reason, trials] of byReason) console.log(`  ${t.op}, ${trials.length} trials (#${trials.join(', #')}): ${reason}`);
    }
    console.log(`load ${load()}, ${Math.round((Date.now() - started) / 1000)} s`);
    const all = [...tallies, ...(typeof disk === 'string' ? [] : disk)];
    process.exitCode = all.every((t) => t.survived === t.total) ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
