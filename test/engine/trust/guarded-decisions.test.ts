// Guarded decisions: closing needs a note and, with open differences, an explicit --with-open; a manual
// match beyond the channel's tolerance needs a reason.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getChannel } from '../../../electron/engine/channels';
import { closePeriod, isPeriodClosed } from '../../../electron/engine/resolve/periods';
import { manualMatch } from '../../../electron/engine/resolve/resolve';
import { tempWorkspace } from '../../helpers/workspace';
import { userError } from '../../helpers/user-error';
import { loadSampleMonth } from '../statement/sample-workspace';
import { runCli } from './cli';

let t: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  t = tempWorkspace();
  loadSampleMonth(t.ws.db);
}, 60_000);
afterEach(() => t.cleanup());

const openCount = () => (t.ws.db.prepare("SELECT COUNT(*) AS n FROM differences WHERE channel_id = 'alipay' AND period = '2026-10' AND active = 1 AND status = 'open'").get() as { n: number }).n;

describe('closing a period', () => {
  it('needs a note, in the engine', () => {
    expect(userError(() => closePeriod(t.ws.db, 'alipay', '2026-10', null, '   ', { withOpen: true })).key).toBe('period.close_needs_note');
    expect(userError(() => closePeriod(t.ws.db, 'alipay', '2026-10', null, null, { withOpen: true })).key).toBe('period.close_needs_note');
    expect(isPeriodClosed(t.ws.db, 'alipay', '2026-10')).toBe(false);
  });

  it('on the command line refuses with open differences and says how many, unless --with-open', async () => {
    const n = openCount();
    expect(n).toBeGreaterThan(0);
    t.ws.db.close();
    const noNote = await runCli(t.path, 'close', '--channel', 'alipay', '--period', '2026-10');
    expect(noNote.code).toBe(1);
    expect(noNote.err).toContain('关账必须填写说明');
    const refused = await runCli(t.path, 'close', '--channel', 'alipay', '--period', '2026-10', '--note', '十月对账完成');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`还有 ${n} 笔未决差错`);
    expect(refused.err).toContain('--with-open');
    const closed = await runCli(t.path, 'close', '--channel', 'alipay', '--period', '2026-10', '--note', '十月对账完成', '--with-open');
    expect(closed.code).toBe(0);
    expect(closed.out).toContain(`带着 ${n} 笔未决差错关账`);
    const audit = await runCli(t.path, 'verify-audit');
    expect(audit.code).toBe(0);
  });
});

describe('manual match beyond the tolerance', () => {
  it('needs a reason, and is recorded as beyond the tolerance', () => {
    const db = t.ws.db;
    const record = (category: string) => (db.prepare(`SELECT dr.record_id AS id FROM differences d JOIN difference_records dr ON dr.difference_id = d.id
      WHERE d.channel_id = 'alipay' AND d.period = '2026-10' AND d.category = ? AND d.active = 1 AND d.status = 'open' ORDER BY d.id LIMIT 1`).get(category) as { id: number }).id;
    const input = { channelIds: [record('channel_only')], internalIds: [record('internal_only')], note: '同一笔订单' };
    const tolerance = getChannel(db, 'alipay').toleranceMinor;
    const e = userError(() => manualMatch(db, input));
    expect(e.key).toBe('manual.needs_reason');
    expect(e.zh).toContain('超出渠道容差');
    expect(userError(() => manualMatch(db, { ...input, reason: '  ' })).key).toBe('manual.needs_reason');
    const r = manualMatch(db, { ...input, reason: '渠道漏记运费' });
    expect(r.beyondTolerance).toBe(true);
    expect(Math.abs(r.differenceMinor)).toBeGreaterThan(tolerance);
    const entry = db.prepare("SELECT after FROM audit_log WHERE action = 'match.manual' ORDER BY id DESC LIMIT 1").get() as { after: string };
    expect(JSON.parse(entry.after)).toMatchObject({ beyondTolerance: true, toleranceMinor: tolerance });
  });
});
