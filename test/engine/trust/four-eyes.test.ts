// Four eyes: off by default; when on, big waivers and write-offs, manual matches beyond tolerance, close
// and reopen wait for a second operator; the requester cannot approve their own request.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../../electron/engine/workspace/db';
import { tempWorkspace } from '../../helpers/workspace';
import { loadSampleMonth } from '../statement/sample-workspace';
import { runCli } from './cli';

let t: ReturnType<typeof tempWorkspace>;
beforeAll(() => {
  t = tempWorkspace();
  loadSampleMonth(t.ws.db);
  t.ws.db.close();
}, 60_000);
afterAll(() => t.cleanup());
afterEach(() => { delete process.env.RECONDESK_OPERATOR; });

/** One command as the named operator (a person at a shared terminal). */
async function as(operator: string, ...argv: string[]) {
  process.env.RECONDESK_OPERATOR = operator;
  return runCli(t.path, ...argv);
}

function query<T>(sql: string, ...args: unknown[]): T {
  const ws = openWorkspace(t.path);
  try {
    return ws.db.prepare(sql).get(...args) as T;
  } finally {
    ws.db.close();
  }
}

const bigOpen = () => query<{ id: number; difference_minor: number }>(`SELECT id, difference_minor FROM differences WHERE channel_id = 'alipay' AND period = '2026-10'
  AND active = 1 AND status = 'open' AND category = 'channel_only' ORDER BY ABS(difference_minor) DESC LIMIT 1`);

describe('four eyes', () => {
  it('is off by default: a big write-off happens at once', async () => {
    expect((await as('王会计', 'four-eyes')).out).toContain('双人复核未开启');
    const d = bigOpen();
    expect((await as('王会计', 'resolve', String(d.id), '--as', 'writeoff', '--note', '无法追回')).code).toBe(0);
    expect(query<{ status: string }>('SELECT status FROM differences WHERE id = ?', d.id).status).toBe('resolved');
    expect((await as('王会计', 'undo', String(d.id))).code).toBe(0);
  });

  it('files a big write-off for approval; the requester cannot approve it, a second operator can', async () => {
    expect((await as('李主管', 'four-eyes', '--on', '--above', '100.00')).out).toContain('双人复核已开启');
    const d = bigOpen();
    expect(Math.abs(d.difference_minor)).toBeGreaterThan(10_000);
    const filed = await as('王会计', 'resolve', String(d.id), '--as', 'writeoff', '--note', '无法追回');
    expect(filed.code).toBe(0);
    expect(filed.out).toMatch(/已提交审批请求 #\d+/);
    const requestId = Number(/#(\d+)/.exec(filed.out)![1]);
    expect(query<{ status: string }>('SELECT status FROM differences WHERE id = ?', d.id).status).toBe('open');

    const queue = await as('李主管', 'approvals');
    expect(queue.out).toContain(`#${requestId} resolve alipay 2026-10`);
    expect(queue.out).toContain('申请人 王会计');
    expect(queue.out).toContain('"resolution":"writeoff"');

    const self = await as('王会计', 'approve', String(requestId));
    expect(self.code).toBe(1);
    expect(self.err).toContain('不能由本人批准');
    expect(query<{ status: string }>('SELECT status FROM differences WHERE id = ?', d.id).status).toBe('open');

    const ok = await as('李主管', 'approve', String(requestId), '--note', '已核实');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('申请人 王会计，批准人 李主管');
    expect(query<{ status: string; resolution: string }>('SELECT status, resolution FROM differences WHERE id = ?', d.id)).toEqual({ status: 'resolved', resolution: 'writeoff' });
    expect((await as('李主管', 'approve', String(requestId))).err).toContain('已批准');
    // A small waiver under the approval amount still happens at once.
    const small = query<{ id: number }>(`SELECT id FROM differences WHERE channel_id = 'alipay' AND period = '2026-10' AND active = 1 AND status = 'open' AND ABS(difference_minor) <= 10000 ORDER BY id LIMIT 1`);
    expect((await as('王会计', 'resolve', String(small.id), '--as', 'waive', '--note', '小额')).out).toContain('已处理为');
  });

  it('needs a second operator to close and to reopen; a rejected request changes nothing', async () => {
    const filed = await as('王会计', 'close', '--channel', 'alipay', '--period', '2026-10', '--note', '十月关账', '--with-open');
    expect(filed.out).toMatch(/已提交审批请求 #\d+（关账需第二人审批）/);
    const id = Number(/#(\d+)/.exec(filed.out)![1]);
    expect(query<{ n: number }>("SELECT COUNT(*) AS n FROM closed_periods WHERE channel_id = 'alipay'").n).toBe(0);
    const rejected = await as('李主管', 'reject', String(id), '--note', '先把争议处理完');
    expect(rejected.code).toBe(0);
    expect(query<{ n: number }>("SELECT COUNT(*) AS n FROM closed_periods WHERE channel_id = 'alipay'").n).toBe(0);
    // A close that would be refused is refused, not filed.
    expect((await as('王会计', 'close', '--channel', 'alipay', '--period', '2026-10', '--note', 'x')).err).toContain('未决差错');

    const again = await as('王会计', 'close', '--channel', 'alipay', '--period', '2026-10', '--note', '十月关账', '--with-open');
    await as('李主管', 'approve', /#(\d+)/.exec(again.out)![1]!);
    expect(query<{ closed_by: string }>("SELECT closed_by FROM closed_periods WHERE channel_id = 'alipay' AND period = '2026-10'").closed_by).toBe('李主管');
    const reopen = await as('王会计', 'reopen', '--channel', 'alipay', '--period', '2026-10', '--note', '渠道补单');
    expect(reopen.out).toContain('已提交审批请求');
    await as('张出纳', 'approve', /#(\d+)/.exec(reopen.out)![1]!);
    expect(query<{ n: number }>("SELECT COUNT(*) AS n FROM closed_periods WHERE channel_id = 'alipay'").n).toBe(0);
    const audit = query<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('approval.request', 'approval.approve', 'approval.reject')").n;
    // Four requests, three approvals, one rejection.
    expect(audit).toBe(4 + 3 + 1);
  });
});
