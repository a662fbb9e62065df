// Integrity beyond SQLite's own check (issue 12): a stored amount changed in place with plain SQL
// passes quick_check, but `verify`, the statement export and reopening a closed period find it and
// name the file and row.
import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main';
import { channelReport } from '../../electron/engine/report';
import { getChannel } from '../../electron/engine/channels';
import { verifyWorkspace } from '../../electron/engine/integrity/verify';
import { closePeriod, reopenPeriod } from '../../electron/engine/resolve/periods';
import { exportStatement, statementHtml } from '../../electron/engine/statement';
import { openWorkspace, type DB } from '../../electron/engine/workspace/db';
import { userError } from '../helpers/user-error';
import { tempWorkspace } from '../helpers/workspace';
import { loadSampleMonth } from './statement/sample-workspace';

let t: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  t = tempWorkspace();
  loadSampleMonth(t.ws.db);
});
afterEach(() => t.cleanup());

/** Changes the workspace behind the app's back, as someone with an SQLite tool would. */
function tamper(sql: string, ...args: (string | number)[]): void {
  const db = new Database(t.path);
  try {
    db.prepare(sql).run(...args);
  } finally {
    db.close();
  }
}

function wechatRecord(db: DB, offset: number): { id: number; row_number: number; amount_minor: number } {
  return db.prepare(`SELECT id, row_number, amount_minor FROM records WHERE channel_id = 'wechat' AND side = 'channel' AND period = '2026-10' ORDER BY id LIMIT 1 OFFSET ?`)
    .get(offset) as { id: number; row_number: number; amount_minor: number };
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; stdout: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--workspace', t.path], { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: [...out, ...err].join('\n'), stdout: out.join('\n') };
}

describe('integrity digests', () => {
  it('are written by every import and agree with the records as stored', async () => {
    const digests = t.ws.db.prepare('SELECT d.origin, d.records, d.payments, d.refunds, f.accepted FROM file_digests d JOIN source_files f ON f.id = d.file_id').all() as
      { origin: string; records: number; payments: number; refunds: number; accepted: number }[];
    expect(digests).toHaveLength(6);
    for (const d of digests) {
      expect(d.origin).toBe('import');
      expect(d.records).toBe(d.accepted);
      expect(d.payments + d.refunds).toBe(d.records);
    }
    const r = verifyWorkspace(t.ws.db);
    expect(r).toMatchObject({ ok: true, filesChecked: 6, files: [], auditChainBrokenAt: null });
    expect(r.recordsChecked).toBe(digests.reduce((n, d) => n + d.records, 0));
    t.ws.db.close();
    const ok = await cli('verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('一致');
  });

  it('an amount changed in place: quick_check passes, verify and the statement export name the file and row', async () => {
    const victim = wechatRecord(t.ws.db, 10);
    t.ws.db.close();
    tamper('UPDATE records SET amount_minor = amount_minor + 100 WHERE id = ?', victim.id);

    const ws = openWorkspace(t.path);
    try {
      expect(ws.db.pragma('quick_check', { simple: true })).toBe('ok');
      const r = verifyWorkspace(ws.db);
      expect(r.ok).toBe(false);
      expect(r.files).toHaveLength(1);
      expect(r.files[0]).toMatchObject({ fileName: 'wechat_tradebill_ALL_202610.csv', rows: [{ recordId: victim.id, rowNumber: victim.row_number, problem: 'changed' }] });
      expect(r.files[0]!.figures.map((f) => f.field)).toEqual(['payments_amount', 'hash']);

      const out = join(t.dir, 'wechat.xlsx');
      const e = userError(() => exportStatement(ws.db, { channelId: 'wechat', period: '2026-10', outPath: out }));
      expect(e.key).toBe('integrity.records_changed');
      expect(e.zh).toContain(`wechat_tradebill_ALL_202610.csv：第 ${victim.row_number} 行（记录 #${victim.id}）`);
      expect(e.en).toContain(`row ${victim.row_number} (record #${victim.id})`);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(t.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(userError(() => statementHtml(ws.db, { channelId: 'wechat', period: '2026-10' })).key).toBe('integrity.records_changed');
      // Another channel's statement is made of other files and is still exported.
      exportStatement(ws.db, { channelId: 'alipay', period: '2026-10', outPath: join(t.dir, 'alipay.xlsx') });
    } finally {
      ws.db.close();
    }

    const verify = await cli('verify');
    expect(verify.code).toBe(1);
    expect(verify.out).toContain(`wechat_tradebill_ALL_202610.csv：第 ${victim.row_number} 行`);
    const json = await cli('verify', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, files: [{ fileName: 'wechat_tradebill_ALL_202610.csv', rows: [{ recordId: victim.id, problem: 'changed' }] }] });
  });

  it('a record moved to another period, a deleted record and one added by hand are all named', () => {
    const moved = wechatRecord(t.ws.db, 3);
    const deleted = wechatRecord(t.ws.db, 4);
    t.ws.db.close();
    tamper("UPDATE records SET period = '2026-09' WHERE id = ?", moved.id);
    tamper('DELETE FROM difference_records WHERE record_id = ?', deleted.id);
    tamper('DELETE FROM matches WHERE channel_record_id = ?', deleted.id);
    tamper('DELETE FROM records WHERE id = ?', deleted.id);
    tamper(`INSERT INTO records (side, channel_id, kind, order_id, amount_minor, fee_minor, currency, occurred_at, period, natural_key, key_occurrence, file_id, row_number)
      SELECT side, channel_id, kind, 'FAKE-1', 99900, 0, currency, occurred_at, period, 'fake', 1, file_id, 99999 FROM records WHERE id = ?`, moved.id);

    const ws = openWorkspace(t.path);
    try {
      const added = ws.db.prepare('SELECT MAX(id) FROM records').pluck().get() as number;
      const file = verifyWorkspace(ws.db).files.find((f) => f.fileName === 'wechat_tradebill_ALL_202610.csv')!;
      // One deleted and one added: the count is the same, each is named all the same.
      expect(file.rows).toEqual([
        { recordId: moved.id, rowNumber: moved.row_number, problem: 'changed' },
        { recordId: deleted.id, rowNumber: null, problem: 'missing' },
        { recordId: added, rowNumber: 99999, problem: 'extra' },
      ]);
      expect(file.figures.map((f) => f.field)).toEqual(['payments_amount', 'payments_fee', 'hash']);
    } finally {
      ws.db.close();
    }
  });

  it('a closed period whose records changed is not reopened', () => {
    const channel = getChannel(t.ws.db, 'wechat');
    closePeriod(t.ws.db, 'wechat', '2026-10', channelReport(t.ws.db, channel, '2026-10'), '十月关账', { withOpen: true });
    const victim = wechatRecord(t.ws.db, 0);
    t.ws.db.close();
    // The closed period's records are locked by triggers; whoever edits the file drops them first.
    tamper('DROP TRIGGER records_closed_update');
    tamper('UPDATE records SET fee_minor = fee_minor + 1 WHERE id = ?', victim.id);
    const ws = openWorkspace(t.path);
    try {
      const e = userError(() => reopenPeriod(ws.db, 'wechat', '2026-10', '更正'));
      expect(e.key).toBe('integrity.records_changed');
      expect(e.zh).toContain(`第 ${victim.row_number} 行`);
      expect(e.zh).toContain('账期仍保持关账');
      expect(ws.db.prepare("SELECT COUNT(*) AS n FROM closed_periods WHERE channel_id = 'wechat'").get()).toEqual({ n: 1 });
    } finally {
      ws.db.close();
    }
  });

  it('an edited audit entry is reported by verify', async () => {
    t.ws.db.close();
    tamper('DROP TRIGGER audit_log_no_update');
    tamper("UPDATE audit_log SET who = 'someone else' WHERE id = 3");
    const r = await cli('verify', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, files: [], auditChainBrokenAt: 3 });
  });
});

describe('migration 005', () => {
  it('computes the digests of files imported before it, equal to those an import writes', () => {
    const atImport = t.ws.db.prepare('SELECT file_id, hash, row_checks FROM file_digests ORDER BY file_id').all();
    t.ws.db.exec('DROP TABLE file_digests');
    t.ws.db.prepare('DELETE FROM schema_migrations WHERE version = 5').run();
    t.ws.db.close();
    const ws = openWorkspace(t.path);
    try {
      expect(ws.db.prepare('SELECT DISTINCT origin FROM file_digests').pluck().all()).toEqual(['migration']);
      expect(ws.db.prepare('SELECT file_id, hash, row_checks FROM file_digests ORDER BY file_id').all()).toEqual(atImport);
      expect(verifyWorkspace(ws.db).ok).toBe(true);
    } finally {
      ws.db.close();
    }
  });
});
