// The sample month end to end: every file of demo/samples imported with the built-in profiles and the
// in-house user profile must give exactly the figures of expected.json per channel and period.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/engine/import/pipeline';
import { addProfile, sampleWorkspace } from './helpers';

const dir = join(__dirname, '../../../demo/samples');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
  files: { file: string }[];
  expected: { channel: string; period: string; payRows: number; refundRows: number; gross: number; refunds: number; fees: number; net: number }[];
};

describe('sample month', () => {
  let t: ReturnType<typeof sampleWorkspace>;
  afterEach(() => t.cleanup());

  it('gives the row counts, gross, refunds and fees of expected.json per channel and period', () => {
    t = sampleWorkspace();
    const db = t.ws.db;
    addProfile(db, JSON.parse(readFileSync(join(__dirname, '../../../demo/profiles/inhouse.json'), 'utf8')));
    for (const f of expected.files) {
      const s = importFile(db, readFileSync(join(dir, f.file)), f.file);
      expect(s.rowsInFile).toBe(s.dataRows + s.skipped);
      expect(s.dataRows).toBe(s.accepted + s.filtered + s.alreadyPresent + s.rejected);
    }
    for (const e of expected.expected) {
      const row = db.prepare(
        `SELECT
           SUM(kind = 'payment') AS payRows, SUM(kind = 'refund') AS refundRows,
           SUM(CASE WHEN kind = 'payment' THEN amount_minor ELSE 0 END) AS gross,
           SUM(CASE WHEN kind = 'refund' THEN amount_minor ELSE 0 END) AS refunds,
           SUM(CASE WHEN kind = 'payment' THEN fee_minor ELSE -fee_minor END) AS fees
         FROM records WHERE side = 'channel' AND channel_id = ? AND period = ?`,
      ).get(e.channel, e.period) as Record<string, number>;
      expect({ channel: e.channel, period: e.period, ...row }).toEqual({
        channel: e.channel, period: e.period, payRows: e.payRows, refundRows: e.refundRows, gross: e.gross, refunds: e.refunds, fees: e.fees,
      });
      expect(row.gross! - row.refunds! - row.fees!).toBe(e.net);
    }
    // Internal orders: one record per order line of each export, each in a sample channel.
    const internal = db.prepare("SELECT channel_id, COUNT(*) AS n FROM records WHERE side = 'internal' GROUP BY channel_id ORDER BY channel_id").all();
    expect(internal).toEqual([{ channel_id: 'alipay', n: 1119 + 1853 }, { channel_id: 'wechat', n: 935 + 1547 }]);
  });

  it('reads an unpaid in-house order at its order time and keeps its status', () => {
    t = sampleWorkspace();
    const db = t.ws.db;
    addProfile(db, JSON.parse(readFileSync(join(__dirname, '../../../demo/profiles/inhouse.json'), 'utf8')));
    importFile(db, readFileSync(join(dir, 'inhouse_orders_202609.csv')), 'inhouse_orders_202609.csv');
    const r = db.prepare("SELECT * FROM records WHERE order_id = 'G202609010001108'").get() as { status: string; occurred_at: number; amount_minor: number; channel_id: string };
    expect(r.status).toBe('待支付');
    expect(r.amount_minor).toBe(50125);
    expect(r.channel_id).toBe('alipay');
    expect(new Date(r.occurred_at).toISOString()).toBe('2026-09-01T00:09:24.000Z');
  });
});
