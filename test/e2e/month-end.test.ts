// Month-end in the browser (issue 17): a statement only when it means something, with the open
// differences and the last run shown before export; screenshots of the screens a finance lead signs from.
import * as XLSX from '@e965/xlsx';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveChannel } from '../../electron/engine/channels';
import { createWorkspace, setSetting } from '../../electron/engine/workspace/db';
import { formatMoney } from '../../shared/money';
import { formatLocalTime } from '../../shared/time';
import { loadSampleMonth } from '../engine/statement/sample-workspace';
import { hasChromium, startWorkbench, type Workbench } from './workbench-harness';

const CHANNEL = 'wechat';
const PERIOD = '2026-10';
const OPERATOR = '李主管';
/** 10.00: far below what one waived mismatch adds, so the cap card must show use beyond 100%. */
const CAP_MINOR = 1000;

describe.skipIf(!hasChromium)('month-end in the browser', () => {
  let wb: Workbench;
  let page: Page;
  let workspacePath = '';

  beforeAll(async () => {
    wb = await startWorkbench((path) => {
      workspacePath = path;
      const ws = createWorkspace(path);
      loadSampleMonth(ws.db);
      saveChannel(ws.db, { id: 'alipay', periodCapMinor: CAP_MINOR });
      setSetting(ws.db, 'operator', OPERATOR);
      ws.db.close();
    });
    page = wb.page;
  }, 180_000);

  afterAll(async () => {
    await wb?.close();
  });

  afterEach(() => {
    expect(wb.pageErrors.splice(0)).toEqual([]);
  });

  async function openStatement(channelId: string) {
    await page.getByRole('navigation').getByRole('button', { name: '对账确认单' }).click();
    await page.locator('select[name=channel]').selectOption(channelId);
    await page.locator('.period-picker input[name=period]').fill(PERIOD);
  }

  it('refuses the statement of a channel with no bill, with the reason, and disables its export', async () => {
    await openStatement('boc');
    await expect.poll(() => page.getByTestId('statement-refused').innerText()).toContain('没有导入任何渠道账单');
    expect(await page.locator('button[data-action=export-xlsx]').isDisabled()).toBe(true);
    expect(await page.locator('button[data-action=print]').isDisabled()).toBe(true);
  });

  it('keeps our company and the counterparty in Settings', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '设置' }).click();
    const panel = page.getByTestId('parties');
    await panel.locator('input[name=company-name]').fill('示例游戏有限公司');
    await panel.locator('input[name=company-tax-id]').fill('91310000MA1K000000');
    await panel.locator('input[name=company-bank-account]').fill('招商银行上海分行 1219000000000001');
    await panel.locator('form button[type=submit]').click();
    await panel.getByRole('status').waitFor();
    const row = panel.locator(`tr[data-channel=${CHANNEL}]`);
    await row.locator('input[name=counterparty-name]').fill('财付通支付科技有限公司');
    await row.locator('input[name=counterparty-contact]').fill('商户对账组 0755-0000 0000');
    await row.locator('input[name=statement-prefix]').fill('wx');
    await row.getByRole('button', { name: '保存' }).click();
    await row.getByRole('status').waitFor();
    const parties = await wb.api('parties.get', {});
    expect(parties.company).toEqual({ name: '示例游戏有限公司', taxId: '91310000MA1K000000', bankAccount: '招商银行上海分行 1219000000000001' });
    expect(parties.counterparties.find((p) => p.channelId === CHANNEL)).toMatchObject({ name: '财付通支付科技有限公司', statementPrefix: 'WX' });
    await wb.shot('month-end-settings-parties');
  });

  it('shows the open differences and last run before export, and the export dialog repeats them', async () => {
    const ready = await wb.api('statement.readiness', { channelId: CHANNEL, period: PERIOD });
    expect(ready.ready).toBe(true);
    await openStatement(CHANNEL);
    const check = page.getByTestId('export-check');
    await expect.poll(() => check.locator('[data-field=open-count]').innerText()).toBe(`${ready.openDifferences} 笔`);
    // Another channel may have the same count: wait for this channel's amount too.
    await expect.poll(() => check.locator('[data-field=open-amount]').innerText()).toBe(formatMoney(ready.openAmountMinor, 'CNY'));
    const lastRun = await check.locator('[data-field=last-run]').innerText();
    expect(lastRun).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(.+\)$/);
    await page.getByTestId('statement').waitFor();
    await wb.shot('month-end-statement');

    await page.locator('button[data-action=export-xlsx]').click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    expect(await dialog.locator('[data-field=open-count]').innerText()).toBe(`${ready.openDifferences} 笔`);
    expect(await dialog.locator('[data-field=open-amount]').innerText()).toBe(formatMoney(ready.openAmountMinor, 'CNY'));
    expect(await dialog.locator('[data-field=last-run]').innerText()).toBe(lastRun);
    await dialog.getByTestId('export-open-warning').waitFor();
    await wb.shot('month-end-export-dialog');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.locator('button[type=submit]').click()]);
    const path = join(wb.dir, 'statement.xlsx');
    await download.saveAs(path);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(readFileSync(path)).Sheets['汇总']!, { header: 1 });
    const value = (label: string) => rows.find((r) => r[0] === label)?.[1];
    expect(value('我方单位')).toBe('示例游戏有限公司');
    expect(value('我方纳税人识别号')).toBe('91310000MA1K000000');
    expect(value('渠道名称')).toBe('财付通支付科技有限公司');
    expect(value('对账单编号')).toBe('WX-2026-0001');
  });

  it('shows waiver cap use beyond 100% in red, and closes only with a note and the open differences acknowledged', async () => {
    const mismatch = (await wb.api('diffs.list', { channelId: 'alipay', period: PERIOD, status: 'open', category: 'amount_mismatch', sort: 'difference', direction: 'desc', limit: 1 }))[0]!;
    await wb.api('diff.resolve', { id: mismatch.id, as: 'waive', note: '渠道同意豁免', reason: '小额差异' });
    const report = (await wb.api('report.get', { period: PERIOD, channelId: 'alipay' })).channels[0]!;
    expect(report.waived_total).toBeGreaterThan(CAP_MINOR);
    // Percent of the cap, to a tenth, rounded down, from integers: e.g. 295.47 / 10.00 = 2,954.7%.
    const tenths = Math.floor((report.waived_total * 1000) / CAP_MINOR);
    const percent = `${Math.floor(tenths / 10).toLocaleString('en-US')}.${tenths % 10}%`;
    await page.getByRole('navigation').getByRole('button', { name: '对账', exact: true }).click();
    await page.locator('select[name=channel]').selectOption('alipay');
    await page.locator('.period-picker input[name=period]').fill(PERIOD);
    const capUse = page.getByTestId('cap').locator('[data-field=cap-use]');
    await expect.poll(() => capUse.innerText()).toContain(`${formatMoney(report.waived_total, 'CNY')} / ${formatMoney(CAP_MINOR, 'CNY')} (${percent})`);
    expect(await capUse.innerText()).toContain('已超出豁免上限');
    expect(await capUse.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(180, 35, 24)');

    const open = await wb.api('diffs.count', { channelId: 'alipay', period: PERIOD, status: 'open' });
    await page.locator('button[data-action=close]').click();
    const dialog = page.getByRole('dialog');
    const list = dialog.getByTestId('close-open-list');
    await list.locator('[data-field=count]', { hasText: String(open.count) }).waitFor();
    expect(await list.locator('[data-field=amount]').innerText()).toBe(formatMoney(open.amountMinor, 'CNY'));
    expect(await list.locator('tr[data-diff-id]').count()).toBe(Math.min(open.count, 50));
    const submit = dialog.locator('button[type=submit]');
    await dialog.locator('input[name=acknowledge]').check();
    expect(await submit.isDisabled()).toBe(true);
    await dialog.locator('textarea[name=note]').fill('   ');
    expect(await submit.isDisabled()).toBe(true);
    await dialog.locator('textarea[name=note]').fill('十月关账，未决差错下月跟进');
    await dialog.locator('input[name=acknowledge]').uncheck();
    expect(await submit.isDisabled()).toBe(true);
    await dialog.locator('input[name=acknowledge]').check();
    await wb.shot('month-end-close-dialog');
    await submit.click();
    await page.locator('button[data-action=reopen]').waitFor();
    expect((await wb.api('report.get', { period: PERIOD, channelId: 'alipay' })).channels[0]!.closed).toBe(true);
  });

  it('queues a big write-off for a second operator: who asked, before and after, and the requester cannot approve', async () => {
    await wb.api('fourEyes.set', { enabled: true, thresholdMinor: 10_000 });
    const big = (await wb.api('diffs.list', { channelId: CHANNEL, period: PERIOD, status: 'open', category: 'channel_only', sort: 'difference', direction: 'desc', limit: 1 }))[0]!;
    expect(Math.abs(big.differenceMinor)).toBeGreaterThan(10_000);
    await expect(wb.api('diff.resolve', { id: big.id, as: 'writeoff', note: '无法追回' })).rejects.toThrow(/approval\.requested/);
    await page.getByRole('navigation').getByRole('button', { name: '审批' }).click();
    const queue = page.getByTestId('approval-queue');
    const row = queue.locator('tr[data-request-id]').first();
    await row.waitFor();
    expect(await row.locator('[data-field=requested-by]').innerText()).toBe(OPERATOR);
    expect(await row.innerText()).toContain('核销');
    expect(await row.locator('tr.changed', { hasText: 'resolution' }).innerText()).toContain('writeoff');
    expect(await row.locator('button[data-action=approve]').isDisabled()).toBe(true);
    expect(await row.locator('[data-field=own]').innerText()).toBe('本人提出的请求须由另一位操作员批准');
    await wb.shot('month-end-approval-queue');

    // A second person takes the chair: another operator name, and the approval goes through.
    await page.getByRole('navigation').getByRole('button', { name: '设置' }).click();
    await page.locator('input[name=operator]').fill('王会计');
    await page.locator('input[name=operator]').press('Enter');
    await page.getByRole('status').first().waitFor();
    await page.getByRole('navigation').getByRole('button', { name: '审批' }).click();
    await row.locator('button[data-action=approve]').click();
    await page.getByText('没有待审批的请求。').waitFor();
    expect(await wb.api('diff.get', { id: big.id })).toMatchObject({ status: 'resolved', resolution: 'writeoff' });
    const decided = (await wb.api('approvals.list', { status: 'approved' }))[0]!;
    expect(decided).toMatchObject({ requestedBy: OPERATOR, decidedBy: '王会计' });
  });

  // Last: it leaves the workspace's history broken for good.
  it('names the first broken audit entry on the audit screen and warns on every screen once history is edited', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '审计' }).click();
    await expect.poll(() => page.getByTestId('chain').innerText()).toBe('日志链完整');
    // Actions and fields by name, amounts as money, each entry collapsed to what changed.
    await page.locator('.filters input[name=action]').fill('diff.resolve');
    const waived = page.getByTestId('audit-log').locator('tbody > tr[data-action="diff.resolve"]').first();
    await waived.waitFor();
    expect(await waived.locator('td').nth(2).innerText()).toBe('处理差错');
    expect(await waived.locator('tr[data-field=status]').innerText()).toMatch(/状态\s+未处理\s+已处理/);
    expect(await waived.locator('tr[data-field=differenceMinor]').count()).toBe(0);
    await waived.locator('button[data-action=expand]').click();
    expect(await waived.locator('tr[data-field=differenceMinor]').innerText()).toMatch(/差额\s+-?[\d,]+\.\d{2}/);
    await page.locator('.filters input[name=action]').fill('');
    // Switching the UI language is no audit event.
    const settingsEvents = async () => (await wb.api('audit.list', { action: 'settings.set', limit: 1000 })).entries.length;
    const before = await settingsEvents();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('navigation').getByRole('button', { name: '审计' }).waitFor();
    expect(await settingsEvents()).toBe(before);
    await wb.shot('month-end-audit');
    // Times are local wall-clock time; the zone is named once, in the column head.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const log = page.getByTestId('audit-log');
    expect(await log.locator('thead th').first().innerText()).toBe(`时间 (${zone})`);
    const latest = (await wb.api('audit.list', { limit: 1 })).entries[0]!;
    expect(await log.locator(`tbody > tr[data-id="${latest.id}"] > td`).first().innerText()).toBe(formatLocalTime(latest.at));
    expect((await log.innerText()).split(zone).length - 1).toBe(1);
    const raw = new Database(workspacePath);
    raw.exec('DROP TRIGGER audit_log_no_update');
    const victim = (raw.prepare("SELECT id FROM audit_log WHERE action = 'match.run' ORDER BY id LIMIT 1").get() as { id: number }).id;
    raw.prepare("UPDATE audit_log SET after = '{}' WHERE id = ?").run(victim);
    raw.close();
    await page.reload();
    await page.getByRole('navigation').waitFor();
    await expect.poll(() => page.getByTestId('audit-chain-banner').innerText()).toContain(`第 #${victim} 条`);
    await page.getByRole('navigation').getByRole('button', { name: '审计' }).click();
    await expect.poll(() => page.getByTestId('chain').innerText()).toBe('日志链被改动过！');
    expect(await page.getByTestId('chain-broken-at').innerText()).toContain(`#${victim}`);
    await wb.shot('month-end-audit-broken');
    await page.getByRole('navigation').getByRole('button', { name: '对账确认单' }).click();
    await page.getByTestId('audit-chain-banner').waitFor();
  });
});
