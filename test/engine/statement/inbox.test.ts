import * as XLSX from '@e965/xlsx';
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/engine/import/pipeline';
import { LOCK_NAME } from '../../../electron/engine/inbox/lock';
import { runInbox } from '../../../electron/engine/inbox/run';
import { periodStatus } from '../../../electron/engine/inbox/status';
import { computeReport } from '../../../electron/engine/report';
import { exportStatement } from '../../../electron/engine/statement';
import { listAudit } from '../../../electron/engine/workspace/audit';
import { tempWorkspace } from '../../helpers/workspace';
import { SAMPLES, setUpChannels } from './sample-workspace';

let t: ReturnType<typeof tempWorkspace>;
let inbox: string;
beforeEach(() => {
  t = tempWorkspace();
  setUpChannels(t.ws.db);
  inbox = join(t.dir, 'inbox');
  mkdirSync(inbox);
});
afterEach(() => t.cleanup());

const ls = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

function dropSampleFiles(): void {
  copyFileSync(join(SAMPLES, 'inhouse_orders_202610.csv'), join(inbox, 'inhouse_orders_202610.csv'));
  copyFileSync(join(SAMPLES, 'wechat_tradebill_ALL_202610.csv'), join(inbox, 'wechat_tradebill_ALL_202610.csv'));
  copyFileSync(join(SAMPLES, 'wechat_tradebill_ALL_202610.csv'), join(inbox, 'zz-wechat-again.csv'));
  writeFileSync(join(inbox, 'broken.xlsx'), Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
  writeFileSync(join(inbox, 'notes.csv'), '姓名,电话\n张三,123\n');
}

describe('daily inbox run', () => {
  it('imports good files, sets aside duplicates and failures with reasons, matches and reports', () => {
    dropSampleFiles();
    const r = runInbox(t.ws.db, { inbox, settleSeconds: 0, now: Date.UTC(2026, 10, 2, 0, 30) });
    expect(r.files.map((f) => [f.name, f.outcome])).toEqual([
      ['broken.xlsx', 'failed'], ['inhouse_orders_202610.csv', 'imported'], ['notes.csv', 'failed'],
      ['wechat_tradebill_ALL_202610.csv', 'imported'], ['zz-wechat-again.csv', 'duplicate'],
    ]);
    expect(ls(inbox)).toEqual(['duplicates', 'failed', 'imported', 'reports']);
    expect(ls(join(inbox, 'imported'))).toEqual(['inhouse_orders_202610.csv', 'wechat_tradebill_ALL_202610.csv']);
    expect(ls(join(inbox, 'duplicates'))).toEqual(['zz-wechat-again.csv', 'zz-wechat-again.csv.reason.txt']);
    expect(readFileSync(join(inbox, 'duplicates', 'zz-wechat-again.csv.reason.txt'), 'utf8')).toContain('wechat_tradebill_ALL_202610.csv');
    expect(ls(join(inbox, 'failed'))).toEqual(['broken.xlsx', 'broken.xlsx.reason.txt', 'notes.csv', 'notes.csv.reason.txt']);
    const notesReason = readFileSync(join(inbox, 'failed', 'notes.csv.reason.txt'), 'utf8');
    expect(notesReason.length).toBeGreaterThan(20);
    expect(notesReason).toMatch(/[\u4e00-\u9fff]/);

    // Matched: the wechat period is reported, with the same figures as `report`.
    const wechat = r.channels.find((c) => c.channelId === 'wechat' && c.period === '2026-10')!;
    expect(wechat.report).toEqual(computeReport(t.ws.db, { period: '2026-10', channelId: 'wechat' }).channels[0]);
    expect(wechat.overTolerance).toBeGreaterThan(0);
    expect(r.exitCode).toBe(1);

    expect(ls(join(inbox, 'reports'))).toEqual(['differences-2026-11-02-083000.txt', 'differences-2026-11-02-083000.xlsx']);
    const mail = readFileSync(join(inbox, 'reports', 'differences-2026-11-02-083000.txt'), 'utf8');
    expect(mail).toContain('wechat 2026-10');
    expect(mail).toContain(`超出容差 ${wechat.overTolerance} 笔`);
    const wb = XLSX.read(readFileSync(join(inbox, 'reports', 'differences-2026-11-02-083000.xlsx')), { cellNF: true });
    expect(wb.SheetNames).toEqual(['汇总', '未决差错']);
    const open = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['未决差错']!, { header: 1 }).slice(1);
    expect(open.length).toBe(r.channels.reduce((n, c) => n + c.open, 0));
    expect(listAudit(t.ws.db, { action: 'inbox.run' })).toHaveLength(1);
  });

  it('moves a file that an interrupted run imported but did not move, without importing it twice', () => {
    const name = 'wechat_tradebill_ALL_202610.csv';
    const bytes = readFileSync(join(SAMPLES, name));
    importFile(t.ws.db, bytes, name);
    writeFileSync(join(inbox, name), bytes);
    const r = runInbox(t.ws.db, { inbox, settleSeconds: 0 });
    expect(r.files).toEqual([expect.objectContaining({ name, outcome: 'recovered', movedTo: join('imported', name) })]);
    expect((t.ws.db.prepare('SELECT COUNT(*) AS n FROM source_files').get() as { n: number }).n).toBe(1);
  });

  it('leaves a file that is still being written for the next run', () => {
    copyFileSync(join(SAMPLES, 'wechat_tradebill_ALL_202610.csv'), join(inbox, 'wechat_tradebill_ALL_202610.csv'));
    const first = runInbox(t.ws.db, { inbox });
    expect(first.files).toEqual([expect.objectContaining({ outcome: 'waiting' })]);
    expect(ls(inbox)).toContain('wechat_tradebill_ALL_202610.csv');
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(inbox, 'wechat_tradebill_ALL_202610.csv'), old, old);
    expect(runInbox(t.ws.db, { inbox }).files).toEqual([expect.objectContaining({ outcome: 'imported' })]);
  });

  it('exits 0 when every open difference is within tolerance', () => {
    const r = runInbox(t.ws.db, { inbox, settleSeconds: 0 });
    expect(r.files).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(ls(join(inbox, 'reports'))).toHaveLength(2);
  });

  it('refuses to run while another live run holds the lock, and leaves the inbox untouched', () => {
    dropSampleFiles();
    writeFileSync(join(inbox, LOCK_NAME), JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: '2026-11-02T00:00:00Z' }));
    expect(() => runInbox(t.ws.db, { inbox, settleSeconds: 0 })).toThrow(/Another run is processing|另一个对账任务/);
    expect(ls(inbox)).toContain('notes.csv');
    expect(existsSync(join(inbox, 'imported'))).toBe(false);
    expect(existsSync(join(inbox, LOCK_NAME))).toBe(true);
  });

  it('two runs started together never import a file twice or lose one', async () => {
    dropSampleFiles();
    t.ws.db.close();
    const script = join(import.meta.dirname, 'run-inbox-child.ts');
    const runOnce = () => new Promise<{ ran: boolean; key?: string; files?: string[] }>((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, t.path, inbox], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
      child.on('error', fail);
      child.on('close', () => done(JSON.parse(out.trim().split('\n').at(-1)!)));
    });
    const results = await Promise.all([runOnce(), runOnce()]);
    for (const r of results) if (!r.ran) expect(r.key).toBe('inbox.locked');
    expect(results.some((r) => r.ran)).toBe(true);
    const moved = [...ls(join(inbox, 'imported')), ...ls(join(inbox, 'duplicates')), ...ls(join(inbox, 'failed'))].filter((f) => !f.endsWith('.reason.txt'));
    expect(moved.sort()).toEqual(['broken.xlsx', 'inhouse_orders_202610.csv', 'notes.csv', 'wechat_tradebill_ALL_202610.csv', 'zz-wechat-again.csv']);
    expect(ls(inbox).filter((f) => !['imported', 'duplicates', 'failed', 'reports'].includes(f))).toEqual([]);
    const db = new Database(t.path, { readonly: true });
    try {
      expect((db.prepare('SELECT COUNT(*) AS n FROM source_files').get() as { n: number }).n).toBe(2);
    } finally {
      db.close();
    }
  });

  it('a run killed at any moment leaves no half state: the next run finishes the job', async () => {
    // Several moments: while tsx starts, during the imports, and (on a fast machine) after the run ended.
    for (const delayMs of [300, 700, 1400]) {
      const w = tempWorkspace();
      try {
        setUpChannels(w.ws.db);
        w.ws.db.close();
        const box = join(w.dir, 'inbox');
        mkdirSync(box);
        for (const f of ['inhouse_orders_202609.csv', 'inhouse_orders_202610.csv', 'wechat_tradebill_ALL_202609.csv', 'wechat_tradebill_ALL_202610.csv']) copyFileSync(join(SAMPLES, f), join(box, f));
        const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'run-inbox-child.ts'), w.path, box], { stdio: 'ignore' });
        // Listen before waiting: a fast machine may finish the whole run before the kill.
        const closed = new Promise((r) => child.on('close', r));
        await new Promise((r) => setTimeout(r, delayMs));
        child.kill('SIGKILL');
        await closed;

        const after = runInbox(w.path, { inbox: box, settleSeconds: 0 });
        expect(after.exitCode).toBe(1);
        expect(ls(join(box, 'imported'))).toEqual(['inhouse_orders_202609.csv', 'inhouse_orders_202610.csv', 'wechat_tradebill_ALL_202609.csv', 'wechat_tradebill_ALL_202610.csv']);
        expect(ls(join(box, 'failed'))).toEqual([]);
        expect(ls(join(box, 'duplicates'))).toEqual([]);
        const db = new Database(w.path, { readonly: true });
        try {
          expect((db.prepare('SELECT COUNT(*) AS n FROM source_files').get() as { n: number }).n).toBe(4);
          // Every record belongs to a stored file: no import was half written.
          expect((db.prepare('SELECT COUNT(*) AS n FROM records WHERE file_id NOT IN (SELECT id FROM source_files)').get() as { n: number }).n).toBe(0);
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        } finally {
          db.close();
        }
        // Whatever the kill interrupted, the re-run matched every period: no row is left unmatched.
        const reopened = new Database(w.path, { readonly: true });
        try {
          for (const period of ['2026-09', '2026-10']) {
            const wechat = computeReport(reopened, { period, channelId: 'wechat' }).channels[0]!;
            expect(wechat).toMatchObject({ unmatched_rows: 0 });
            expect(wechat.matched_at).toBeTruthy();
          }
        } finally {
          reopened.close();
        }
      } finally {
        w.cleanup();
      }
    }
  });

  it('takes over the lock of a run that died', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    writeFileSync(join(inbox, LOCK_NAME), JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-11-01T00:00:00Z' }));
    const r = runInbox(t.ws.db, { inbox, settleSeconds: 0 });
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(inbox, LOCK_NAME))).toBe(false);
  });
});

describe('status per channel and period', () => {
  it('walks from missing bills to a current statement, and calls out manual-download channels', () => {
    dropSampleFiles();
    runInbox(t.ws.db, { inbox, settleSeconds: 0 });
    let status = periodStatus(t.ws.db, '2026-10');
    const byId = new Map(status.map((s) => [s.channelId, s]));
    expect(byId.get('boc')).toMatchObject({ manualDownload: true, filesReceived: 0, channelRows: 0 });
    expect(byId.get('boc')?.missing?.zh).toContain('手工');
    expect(byId.get('alipay')).toMatchObject({ filesReceived: 0, missing: { zh: '未收到支付宝账单', en: 'No 支付宝 bill received yet' } });
    expect(byId.get('wechat')).toMatchObject({ filesReceived: 1, matchCurrent: true, statementAt: null, statementCurrent: false });
    expect(byId.get('wechat')!.openDifferences).toBeGreaterThan(0);

    exportStatement(t.ws.db, { channelId: 'wechat', period: '2026-10', outPath: join(t.dir, 'wechat.xlsx') });
    status = periodStatus(t.ws.db, '2026-10');
    expect(status.find((s) => s.channelId === 'wechat')).toMatchObject({ statementCurrent: true });
  });
});
