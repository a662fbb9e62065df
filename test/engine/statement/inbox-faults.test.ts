// The daily run after a crash and beside another job: a re-run finishes whatever the previous run left
// undone (it matches every period with rows imported after its last match run), and a second run on
// the same workspace waits for the write lock instead of dying half way.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/engine/import/pipeline';
import { runInbox } from '../../../electron/engine/inbox/run';
import { periodStatus } from '../../../electron/engine/inbox/status';
import { computeReport } from '../../../electron/engine/report';
import type { DB } from '../../../electron/engine/workspace/db';
import { tempWorkspace } from '../../helpers/workspace';
import { loadSampleMonth, SAMPLE_FILES, SAMPLES, setUpChannels } from './sample-workspace';

const BIN = join(import.meta.dirname, '../../../bin/recondesk.js');
const PERIODS = ['2026-09', '2026-10'];
const SEPTEMBER = SAMPLE_FILES.filter((f) => f.includes('202609'));
const OCTOBER = SAMPLE_FILES.filter((f) => f.includes('202610'));

const workspaces: ReturnType<typeof tempWorkspace>[] = [];
function workspace(): ReturnType<typeof tempWorkspace> {
  const t = tempWorkspace();
  workspaces.push(t);
  return t;
}
afterEach(() => {
  for (const t of workspaces.splice(0)) t.cleanup();
});

/** Each channel and period's figures as a user reads them in `report`. */
function figures(db: DB): Record<string, { agreed: number; disputed: number; net: number; unmatched_rows: number | undefined; matched: boolean }> {
  const out: Record<string, { agreed: number; disputed: number; net: number; unmatched_rows: number | undefined; matched: boolean }> = {};
  for (const period of PERIODS) {
    for (const c of computeReport(db, { period }).channels) {
      out[`${c.channel} ${period}`] = { agreed: c.agreed, disputed: c.disputed, net: c.net, unmatched_rows: c.unmatched_rows, matched: c.matched_at !== undefined && c.matched_at !== null };
    }
  }
  return out;
}

describe('a re-run of the daily run finishes the previous run\'s work', () => {
  it('matches the periods of files committed but not moved, and of files moved but never matched', () => {
    // What an uninterrupted run reaches: every file imported, both months matched.
    const reference = workspace();
    loadSampleMonth(reference.ws.db);
    const expected = figures(reference.ws.db);
    expect(Object.keys(expected).sort()).toEqual(['alipay 2026-09', 'alipay 2026-10', 'wechat 2026-09', 'wechat 2026-10']);

    // The run that was killed: it committed all six imports, moved the September files into imported/,
    // and died before moving the October files and before matching anything.
    const t = workspace();
    setUpChannels(t.ws.db);
    for (const f of SAMPLE_FILES) importFile(t.ws.db, readFileSync(join(SAMPLES, f)), f);
    const inbox = join(t.dir, 'inbox');
    mkdirSync(join(inbox, 'imported'), { recursive: true });
    for (const f of SEPTEMBER) copyFileSync(join(SAMPLES, f), join(inbox, 'imported', f));
    for (const f of OCTOBER) copyFileSync(join(SAMPLES, f), join(inbox, f));

    const current = () => PERIODS.flatMap((p) => periodStatus(t.ws.db, p).filter((s) => s.channelId !== 'boc').map((s) => s.matchCurrent));
    expect(current()).toEqual([false, false, false, false]);
    const r = runInbox(t.ws.db, { inbox, settleSeconds: 0 });
    expect(current()).toEqual([true, true, true, true]);
    expect(r.files.map((f) => [f.name, f.outcome])).toEqual(OCTOBER.slice().sort().map((f) => [f, 'recovered']));
    expect(r.matched.map((m) => `${m.channelId} ${m.period}`).sort()).toEqual(Object.keys(expected).sort());
    expect(r.channels.map((c) => `${c.channelId} ${c.period}`).sort()).toEqual(Object.keys(expected).sort());
    const after = figures(t.ws.db);
    expect(after).toEqual(expected);
    for (const c of Object.values(after)) expect(c).toMatchObject({ matched: true, unmatched_rows: 0 });
    // The report the run wrote carries the same agreed figures.
    const mail = readFileSync(r.reportFiles[1]!, 'utf8');
    expect(mail).toContain('alipay 2026-09');
    expect(mail).toContain('wechat 2026-09');

    // Nothing is behind any more: the next run matches nothing again and keeps the figures.
    const again = runInbox(t.ws.db, { inbox, settleSeconds: 0 });
    expect(again.files).toEqual([]);
    expect(figures(t.ws.db)).toEqual(expected);
  });
});

interface Child {
  code: Promise<number>;
  stderr: () => string;
}

function dailyRun(workspacePath: string, inbox: string): Child {
  const child = spawn(process.execPath, [BIN, '--workspace', workspacePath, 'run', '--inbox', inbox, '--settle', '0', '--wait', '120'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
  return { code: new Promise((done) => child.on('close', (c) => done(c ?? -1))), stderr: () => err };
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (check()) return true;
  return check();
}

describe('two daily runs on two inboxes of one workspace', () => {
  it('the one that finds the workspace busy waits, says so, and both finish with their reports', async () => {
    const t = workspace();
    setUpChannels(t.ws.db);
    t.ws.db.close();
    const inboxA = join(t.dir, 'inbox-a');
    const inboxB = join(t.dir, 'inbox-b');
    mkdirSync(inboxA);
    mkdirSync(inboxB);
    for (const f of SEPTEMBER) copyFileSync(join(SAMPLES, f), join(inboxA, f));
    for (const f of OCTOBER) copyFileSync(join(SAMPLES, f), join(inboxB, f));

    // Another job holds the write lock longer than SQLite's busy timeout (5 s): both runs must wait.
    const holder = new Database(t.path);
    holder.exec('BEGIN IMMEDIATE');
    const runs = [dailyRun(t.path, inboxA), dailyRun(t.path, inboxB)];
    let waited: boolean;
    try {
      waited = await until(() => runs.every((r) => r.stderr().includes('工作区正被另一个任务写入，等待中')), 90_000);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(waited, runs.map((r) => r.stderr()).join('\n')).toBe(true);
    const codes = await Promise.all(runs.map((r) => r.code));
    // 1: open differences over tolerance in the sample month; never 2 (the run itself failed).
    expect(codes, runs.map((r) => r.stderr()).join('\n')).toEqual([1, 1]);
    for (const inbox of [inboxA, inboxB]) {
      expect(readdirSync(join(inbox, 'imported')).sort()).toHaveLength(3);
      expect(readdirSync(join(inbox, 'reports')).filter((f) => f.endsWith('.txt'))).toHaveLength(1);
    }
    const db = new Database(t.path, { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) FROM source_files').pluck().get()).toBe(6);
      expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'inbox.run'").pluck().get()).toBe(2);
      expect(figures(db)).toEqual(await referenceFigures());
    } finally {
      db.close();
    }
    expect(existsSync(join(inboxA, '.recondesk-run.lock'))).toBe(false);
  }, 180_000);
});

async function referenceFigures() {
  const reference = workspace();
  loadSampleMonth(reference.ws.db);
  return figures(reference.ws.db);
}
