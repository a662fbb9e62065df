// The sample month (demo/samples): after import and match with default settings, every channel and
// period reports exactly what expected.json says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeReport } from '../../../electron/engine/report';
import type { Workspace } from '../../../electron/engine/workspace/db';
import { tempWorkspace } from '../../helpers/workspace';
import { loadSampleMonth, SAMPLES } from '../statement/sample-workspace';

interface Expected {
  channel: string;
  period: string;
  payRows: number;
  refundRows: number;
  gross: number;
  refunds: number;
  fees: number;
  net: number;
  counts: Record<string, number>;
  agreed: number;
  disputed: number;
  claims: number;
}

const expected = (JSON.parse(readFileSync(join(SAMPLES, 'expected.json'), 'utf8')) as { expected: Expected[] }).expected;

let ws: Workspace;
let cleanup: () => void;
beforeAll(() => {
  const t = tempWorkspace();
  ws = t.ws;
  cleanup = t.cleanup;
  loadSampleMonth(ws.db);
});
afterAll(() => cleanup());

describe('sample month', () => {
  it.each(expected.map((e) => [`${e.channel} ${e.period}`, e] as const))('%s equals expected.json field by field', (_, e) => {
    const r = computeReport(ws.db, { period: e.period, channelId: e.channel }).channels[0]!;
    expect({
      payRows: r.payment_rows, refundRows: r.refund_rows, gross: r.gross, refunds: r.refunds, fees: r.fees, net: r.net,
      counts: r.counts, agreed: r.agreed, disputed: r.disputed, claims: r.claims,
    }).toEqual({
      payRows: e.payRows, refundRows: e.refundRows, gross: e.gross, refunds: e.refunds, fees: e.fees, net: e.net,
      counts: e.counts, agreed: e.agreed, disputed: e.disputed, claims: e.claims,
    });
    expect(r.agreed + r.disputed).toBe(r.net);
    expect(r.unmatched_rows).toBe(0);
  });

  it('releases September carried items when their October payments are matched', () => {
    const released = ws.db.prepare(`SELECT channel_id, COUNT(*) AS n FROM differences WHERE period = '2026-09' AND category = 'carried_forward'
      AND resolution = 'released' AND released_by_record_id IS NOT NULL GROUP BY channel_id ORDER BY channel_id`).all();
    expect(released).toEqual([{ channel_id: 'alipay', n: 2 }, { channel_id: 'wechat', n: 2 }]);
  });
});
