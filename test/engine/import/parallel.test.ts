// Big files are read in a parse worker while the importing thread writes (parallel.ts). The worker is
// forced here on small files: the result must be the same as reading in the importing thread, and a
// failure or a cancel in the worker must still leave the workspace exactly as it was.
import Database from 'better-sqlite3';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRawCells } from '../../../electron/engine/import/cells';
import { importFile } from '../../../electron/engine/import/pipeline';
import { verifyWorkspace } from '../../../electron/engine/integrity/verify';
import { listFiles, listRecords, rawRecordRow } from '../../../electron/engine/import/records';
import { MIGRATIONS } from '../../../electron/engine/workspace/migrations';
import { openWorkspace, type DB } from '../../../electron/engine/workspace/db';
import { addProfile, dumpContent, records, sampleWorkspace, testProfile, userError, utf8 } from './helpers';

const samples = join(__dirname, '../../../demo/samples');
const inhouseProfile = JSON.parse(readFileSync(join(__dirname, '../../../demo/profiles/inhouse.json'), 'utf8'));
const FILES = ['20881234567890120156_202610.csv.zip', 'wechat_tradebill_ALL_202610.csv', 'inhouse_orders_202610.csv'];

/** What a user can see of an import: its summary figures and every stored record with its raw row. */
function importEverything(parallel: boolean) {
  const t = sampleWorkspace();
  addProfile(t.ws.db, inhouseProfile);
  const summaries = FILES.map((f) => {
    const { importedAt: _at, fileId: _id, ...rest } = importFile(t.ws.db, readFileSync(join(samples, f)), f, { parallel });
    return rest;
  });
  const stored = records(t.ws.db).map(({ file_id: _f, ...r }) => r);
  const ranges = t.ws.db.prepare('SELECT channel_id, period, side, SUM(records) AS n FROM record_ranges GROUP BY channel_id, period, side ORDER BY 1, 2, 3').all();
  const counted = t.ws.db.prepare('SELECT channel_id, period, side, COUNT(*) AS n FROM records GROUP BY channel_id, period, side ORDER BY 1, 2, 3').all();
  const digests = t.ws.db.prepare('SELECT records, payments_amount, refunds_amount, hash FROM file_digests ORDER BY file_id').all();
  const intact = verifyWorkspace(t.ws.db).ok;
  t.cleanup();
  return { summaries, stored, ranges, counted, digests, intact };
}

describe('reading in a parse worker', () => {
  it('stores exactly what reading in the importing thread stores: counts, amounts, raw rows, ranges', () => {
    const worker = importEverything(true);
    const inThread = importEverything(false);
    expect(worker.summaries.map((s) => s.accepted)).toEqual([1868, 1550, 3400]);
    expect(worker.summaries).toEqual(inThread.summaries);
    expect(worker.stored.length).toBeGreaterThan(4000);
    expect(worker.stored).toEqual(inThread.stored);
    // The integrity digests (content checks computed in the worker) are the same, and verify.
    expect(worker.digests).toEqual(inThread.digests);
    expect(worker.intact && inThread.intact).toBe(true);
    // Every stored record is found through its period's ranges, once.
    expect(worker.ranges).toEqual(worker.counted);
    // Raw rows come back as the file's cells (the WeChat bill writes a backtick before every value).
    expect(worker.stored.find((r) => r.channel_id === 'wechat')!.raw[0]).toMatch(/^`2026-10-/);
  });

  let t: ReturnType<typeof sampleWorkspace>;
  beforeEach(() => {
    t = sampleWorkspace();
    importFile(t.ws.db, readFileSync(join(samples, 'wechat_tradebill_ALL_202610.csv')), 'wechat_tradebill_ALL_202610.csv');
  });
  afterEach(() => t.cleanup());

  it('refuses a bad value found by the worker with its row and column, and writes nothing', () => {
    addProfile(t.ws.db, testProfile());
    const rows = Array.from({ length: 9000 }, (_, i) => `B${i},O${i},${i === 8500 ? '12.3x' : '10.00'},2026-09-01 10:00:00,x`);
    const before = dumpContent(t.ws.db);
    const e = userError(() => importFile(t.ws.db, utf8(['流水号,订单号,金额(元),时间,备注', ...rows].join('\n')), 'bank.csv', { parallel: true }));
    expect(e.key).toBe('import.bad_value');
    expect(e.zh).toContain('第 8502 行“金额(元)”列的值“12.3x”无法读取');
    expect(e.en).toContain('row 8502, column "金额(元)"');
    expect(dumpContent(t.ws.db)).toBe(before);
    // The connection is left as it was: foreign keys on, automatic checkpoints back.
    expect(t.ws.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(t.ws.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // And the next import works.
    const ok = importFile(t.ws.db, utf8(['流水号,订单号,金额(元),时间,备注', ...rows.slice(0, 100)].join('\n')), 'bank_ok.csv', { parallel: true });
    expect(ok.accepted).toBe(100);
  });

  it('stops on cancel and writes nothing', () => {
    addProfile(t.ws.db, testProfile());
    const rows = Array.from({ length: 50_000 }, (_, i) => `B${i},O${i},10.00,2026-09-01 10:00:00,x`);
    const before = dumpContent(t.ws.db);
    const controller = new AbortController();
    let batches = 0;
    const e = userError(() => importFile(t.ws.db, utf8(['流水号,订单号,金额(元),时间,备注', ...rows].join('\n')), 'bank.csv', {
      parallel: true,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'read' && ++batches === 1) controller.abort();
      },
    }));
    expect(e.key).toBe('import.cancelled');
    expect(dumpContent(t.ws.db)).toBe(before);
  });

  it('keeps a quoted row with line breaks and commas whole, and gives its cells back', () => {
    addProfile(t.ws.db, testProfile());
    const text = '流水号,订单号,金额(元),时间,备注\r\nB1,O1,"1,234.00",2026-09-01 10:00:00,"第一行\r\n第二行, 含逗号 ""引号"""\r\nB2,O2,5.00,2026-09-01 11:00:00,\r\n';
    importFile(t.ws.db, utf8(text), 'bank.csv');
    const page = listRecords(t.ws.db, { channelId: 'bank', period: '2026-09' });
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.raw)).toEqual([
      ['B1', 'O1', '1,234.00', '2026-09-01 10:00:00', '第一行\r\n第二行, 含逗号 "引号"'],
      ['B2', 'O2', '5.00', '2026-09-01 11:00:00', ''],
    ]);
    expect(page.rows[0]!.rowNumber).toBe(2);
    expect(page.rows[1]!.rowNumber).toBe(4);
    // One record's row comes with the file's header, to show each cell under its column name.
    expect(rawRecordRow(t.ws.db, page.rows[0]!.id)).toEqual({
      recordId: page.rows[0]!.id, fileName: 'bank.csv', rowNumber: 2,
      header: ['流水号', '订单号', '金额(元)', '时间', '备注'],
      cells: ['B1', 'O1', '1,234.00', '2026-09-01 10:00:00', '第一行\r\n第二行, 含逗号 "引号"'],
    });
    expect(userError(() => rawRecordRow(t.ws.db, 999_999)).key).toBe('records.not_found');
  });
});

describe('migration 004 on a workspace written before it', () => {
  it('moves raw cells into blocks, records every period range, and drops nothing a user sees', () => {
    const t = sampleWorkspace();
    const path = t.ws.path;
    t.ws.db.close();
    // A workspace at schema 3, with one file and two records carrying raw cells in the row.
    for (const ext of ['', '-wal', '-shm']) rmSync(path + ext, { force: true });
    const old: DB = new Database(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
    for (const m of MIGRATIONS.filter((m) => m.version <= 3)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-11-01T00:00:00Z');
    }
    old.exec(`INSERT INTO channels (id, name, created_at) VALUES ('bank', '银行', 'x');
      INSERT INTO source_files (sha256, file_name, side, channel_id, profile_id, container, encoding, size_bytes, rows_in_file, accepted, filtered, already_present, rejected, summary, imported_at, imported_by)
        VALUES ('s', 'old.csv', 'channel', 'bank', 'p', 'csv', 'utf-8', 1, 3, 2, 0, 0, 0, '{"totals":[{"channelId":"bank"}]}', '2026-10-01T00:00:00Z', 'clerk');
      INSERT INTO records (side, channel_id, kind, order_id, amount_minor, currency, occurred_at, period, natural_key, file_id, row_number, raw)
        VALUES ('channel', 'bank', 'payment', 'O1', 100, 'CNY', 0, '2026-09', 'k1', 1, 2, '["B1","O1","1.00"]'),
               ('channel', 'bank', 'payment', 'O2', 200, 'CNY', 0, '2026-10', 'k2', 1, 3, '["B2","O2","2.00"]');`);
    old.close();

    const ws = openWorkspace(path);
    try {
      const columns = (ws.db.prepare('PRAGMA table_info(records)').all() as { name: string }[]).map((c) => c.name);
      expect(columns).not.toContain('raw');
      expect([...readRawCells(ws.db, 1, [2, 3]).values()]).toEqual([['B1', 'O1', '1.00'], ['B2', 'O2', '2.00']]);
      expect(listRecords(ws.db, { channelId: 'bank', period: '2026-10' }).rows.map((r) => [r.orderId, r.raw])).toEqual([['O2', ['B2', 'O2', '2.00']]]);
      expect(listRecords(ws.db, { channelId: 'bank', period: '2026-09' }).total).toBe(1);
      expect(listFiles(ws.db, { channelId: 'bank' }).map((f) => f.fileName)).toEqual(['old.csv']);
    } finally {
      ws.db.close();
      t.cleanup();
    }
  });
});
