// 风控审核 in the browser: a month with risk-mapped profiles, matched and screened by the engine, then a
// reviewer works the queue the way the issue describes — one hit is a false positive (with a note),
// another is confirmed and its card blacklisted — screens again, and the decisions stay. The rules tab
// back-tests an edited threshold without saving it, a rule switched off leaves its decided hit listed as
// no longer found, the blacklist takes a CSV, and the dashboard and statements screens show the
// period's risk figures.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToBlacklist } from '../../electron/engine/risk/blacklist';
import { matchAndScreen } from '../../electron/engine/risk/match-and-screen';
import { createWorkspace, setSetting } from '../../electron/engine/workspace/db';
import type { RiskHitView } from '../../shared/contract/risk';
import { CARD_A, prepareRiskMonth } from '../engine/risk/fixture';
import { hasChromium, startWorkbench, type Workbench } from './workbench-harness';

const PERIOD = '2026-10';
const OPERATOR = '李风控';

describe.skipIf(!hasChromium)('risk review in the browser', () => {
  let wb: Workbench;
  let page: Page;

  const hits = () => wb.api('risk.hits', { period: PERIOD });
  async function hitWhere(test: (h: RiskHitView) => boolean): Promise<RiskHitView> {
    const hit = (await hits()).find(test);
    if (!hit) throw new Error('no such hit');
    return hit;
  }
  const cardVelocity = (h: RiskHitView) => h.rule === 'velocity' && (h.detail as { value?: string }).value === CARD_A;

  async function openTab(name: string) {
    await page.getByRole('tab', { name }).click();
  }

  beforeAll(async () => {
    wb = await startWorkbench((path) => {
      const ws = createWorkspace(path);
      setSetting(ws.db, 'operator', OPERATOR);
      prepareRiskMonth(ws.db);
      addToBlacklist(ws.db, { type: 'ip', value: '198.51.100.7', reason: '撞库来源' });
      matchAndScreen(ws.db, { period: PERIOD });
      ws.db.close();
    });
    page = wb.page;
    await page.getByRole('navigation').getByRole('button', { name: '风控审核' }).click();
    await page.locator('input[name=period]').fill(PERIOD);
  });
  afterAll(async () => {
    await wb?.close();
  });

  it('lists the hits with their rule, subject, amount and status', async () => {
    const listed = await hits();
    expect(new Set(listed.map((h) => h.rule))).toEqual(new Set(['ip_mismatch', 'velocity', 'blacklist', 'amount_limit', 'card_testing', 'refund_other_account']));
    const table = page.getByRole('table', { name: '风险提示' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(listed.length);
    const limit = table.locator('tr[data-rule=amount_limit]');
    await expect.poll(() => limit.innerText()).toContain('单笔金额超限');
    expect(await limit.innerText()).toContain('¥5,000.01');
    expect(await limit.locator('[data-status]').innerText()).toBe('待审核');
    await wb.shot('risk-queue');
  });

  it('decides one hit as a false positive with a note, shown with who decided it', async () => {
    await page.locator('tr[data-rule=amount_limit] button.subject').click();
    const detail = page.getByRole('region', { name: /^#\d+$/ });
    const records = detail.getByRole('table', { name: '相关记录' });
    await expect.poll(() => records.locator('tbody tr').count()).toBe(1);
    expect((await records.locator('tbody tr').innerText()).split('\t')).toEqual(['AL-2', '渠道', '支付', '¥5,000.01', '2026-10-08 12:01:00']);
    expect(await detail.innerText()).toContain('Asia/Shanghai');

    // No decision without a note.
    await expect.poll(() => detail.getByRole('button', { name: '误报' }).isDisabled()).toBe(true);
    await detail.locator('textarea[name=risk-note]').fill('大额充值，已与玩家电话核实');
    await detail.getByRole('button', { name: '误报' }).click();
    await expect.poll(async () => (await hitWhere((h) => h.rule === 'amount_limit')).status).toBe('false_positive');
    await detail.getByTestId('decided').waitFor();
    expect(await detail.getByTestId('decided').innerText()).toContain(`${OPERATOR} 于`);
    expect(await page.locator('tr[data-rule=amount_limit] [data-status]').innerText()).toBe('误报');
  });

  it('confirms another and blacklists its card; a re-screen keeps both decisions', async () => {
    const velocity = await hitWhere(cardVelocity);
    await page.locator(`tr[data-hit="${velocity.id}"] button.subject`).click();
    const detail = page.getByRole('region', { name: `#${velocity.id}` });
    await expect.poll(() => detail.getByRole('table', { name: '相关记录' }).locator('tbody tr').count()).toBe(velocity.records.length);
    await detail.locator('textarea[name=risk-note]').fill('持卡人报失');
    await detail.locator('input[name=risk-list-card]').check();
    await wb.shot('risk-hit-detail');
    await detail.getByRole('button', { name: '确认风险' }).click();
    await expect.poll(async () => (await hitWhere(cardVelocity)).status).toBe('confirmed');

    await page.getByRole('button', { name: '重新筛查' }).click();
    await page.getByRole('status').filter({ hasText: '筛查完成' }).waitFor();
    const after = await hits();
    const limit = after.find((h) => h.rule === 'amount_limit')!;
    expect([limit.status, limit.note, limit.decidedBy]).toEqual(['false_positive', '大额充值，已与玩家电话核实', OPERATOR]);
    const confirmed = after.find(cardVelocity)!;
    expect([confirmed.id, confirmed.status, confirmed.note]).toEqual([velocity.id, 'confirmed', '持卡人报失']);
    // The card now on the blacklist is found on each of its payments.
    const listedCard = after.filter((h) => h.rule === 'blacklist' && h.records.some((r) => r.orderId?.startsWith('VA-')));
    expect(listedCard).toHaveLength(4);
    await expect.poll(() => page.getByRole('table', { name: '风险提示' }).locator('tr[data-rule=blacklist]').count()).toBe(after.filter((h) => h.rule === 'blacklist').length);

    const blacklist = await wb.api('risk.blacklist', { type: 'card' });
    expect(blacklist.map((e) => [e.value, e.addedBy, e.source])).toEqual([[CARD_A, OPERATOR, `hit #${velocity.id}`]]);
    await wb.shot('risk-queue-decided');
  });

  it('shows the blacklist with the confirmed card and imports a CSV list and takes one entry by hand', async () => {
    await openTab('黑名单');
    const table = page.getByRole('region', { name: '黑名单' }).getByRole('table', { name: '黑名单' });
    const card = table.locator('tr[data-type=card]');
    await expect.poll(() => card.innerText()).toContain(CARD_A);
    expect(await card.innerText()).toContain(OPERATOR);
    expect(await card.innerText()).toContain('确认风险 #');

    const file = join(wb.dir, '黑名单.csv');
    writeFileSync(file, '\ufeff类型,值,原因\n设备,D1,试卡\nIP,203.0.113.9,钓鱼\nIP,198.51.100.7,重复\n');
    await page.getByTestId('blacklist-file').setInputFiles(file);
    await page.getByRole('status').filter({ hasText: '已导入 2 条，1 条已在黑名单中' }).waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
    expect((await wb.api('risk.blacklist', { type: 'device' })).map((e) => [e.value, e.reason, e.source])).toEqual([['D1', '试卡', '黑名单.csv']]);

    const region = page.getByRole('region', { name: '黑名单' });
    await region.locator('select[name=bl-type]').selectOption('account');
    await region.locator('input[name=bl-value]').fill('mallory@example.com');
    await region.locator('input[name=bl-reason]').fill('退款至他人账户，已报案');
    await region.getByRole('button', { name: '加入黑名单' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(5);
    expect((await wb.api('risk.blacklist', { type: 'account' })).map((e) => [e.value, e.reason, e.addedBy, e.source]))
      .toEqual([['mallory@example.com', '退款至他人账户，已报案', OPERATOR, 'manual']]);
    await wb.shot('risk-blacklist');
  });

  it('back-tests an edited threshold before saving it, then saves it for one channel', async () => {
    await openTab('风控规则');
    const rule = page.locator('fieldset[data-rule=velocity]');
    await rule.locator('input[name=rule-velocity-maxPerDay]').fill('2');
    await rule.getByRole('button', { name: '回测' }).click();
    // maxPerDay 2 in October: card A (4) and card B (3) on 10-05, devices D1, D2 (5) and D3 (4) on 10-09.
    await rule.getByRole('status').filter({ hasText: '最近 3 个月共命中 5 条' }).waitFor();
    expect((await wb.api('risk.rules', {})).find((r) => r.rule === 'velocity')!.params.maxPerDay).toBe(3);

    const limit = page.locator('fieldset[data-rule=amount_limit]');
    expect(await limit.locator('input[name=rule-amount_limit-limitMinor]').inputValue()).toBe('5,000.00');
    await wb.shot('risk-rules');

    await page.locator('select[name=rules-scope]').selectOption('riskpay');
    const own = page.locator('fieldset[data-rule=amount_limit]');
    await expect.poll(() => own.innerText()).toContain('沿用全部渠道的设置');
    await own.locator('input[name=rule-amount_limit-limitMinor]').fill('1,000.00');
    await own.locator('input[name=rule-on-amount_limit]').uncheck();
    await own.getByRole('button', { name: '保存' }).click();
    await own.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await expect.poll(async () => (await wb.api('risk.rules', { channelId: 'riskpay' })).find((r) => r.rule === 'amount_limit'))
      .toMatchObject({ channelId: 'riskpay', enabled: false, params: { limitMinor: 1_000_00 } });
    expect((await wb.api('risk.rules', {})).find((r) => r.rule === 'amount_limit')).toMatchObject({ enabled: true, params: { limitMinor: 5_000_00 } });
    await expect.poll(() => page.locator('fieldset[data-rule=amount_limit]').innerText()).toContain('本渠道单独设置');

    // With the rule off for the channel, the next screening no longer finds the decided hit: it stays, decided.
    await openTab('风险提示');
    await page.getByRole('button', { name: '重新筛查' }).click();
    await page.getByRole('status').filter({ hasText: '筛查完成' }).waitFor();
    const row = page.locator('tr[data-rule=amount_limit]');
    await expect.poll(() => row.innerText()).toContain('已不再命中');
    expect(await row.locator('[data-status]').innerText()).toBe('误报');
    expect((await hitWhere((h) => h.rule === 'amount_limit'))).toMatchObject({ active: false, status: 'false_positive', note: '大额充值，已与玩家电话核实' });
  });

  it('shows the hits per rule and channel on the dashboard and the summary on the statements screen', async () => {
    const all = await hits();
    const byRule = (rule: string) => String(all.filter((h) => h.rule === rule).length);
    await page.getByRole('navigation').getByRole('button', { name: '总览' }).click();
    const card = page.getByRole('region', { name: '风控命中' });
    await expect.poll(() => card.locator('tr[data-rule=blacklist] td[data-channel=riskpay]').innerText()).toBe(byRule('blacklist'));
    expect(await card.locator('tr[data-rule=velocity] [data-field=total]').innerText()).toBe(byRule('velocity'));
    expect(await card.locator('[data-field=risk-open]').innerText()).toBe(`待审核 ${all.filter((h) => h.status === 'open').length}`);
    await card.scrollIntoViewIfNeeded();
    await wb.shot('risk-dashboard');

    await page.getByRole('navigation').getByRole('button', { name: '对账确认单' }).click();
    const summary = page.getByRole('region', { name: '本月风控汇总' });
    await expect.poll(() => summary.locator('tr[data-rule=amount_limit] td[data-status=false_positive]').innerText()).toBe('1');
    expect(await summary.locator('tr[data-rule=velocity] td[data-status=confirmed]').innerText()).toBe('1');
    expect(await summary.locator('tr[data-rule=velocity] [data-field=total]').innerText()).toBe(byRule('velocity'));
    await summary.scrollIntoViewIfNeeded();
    await wb.shot('risk-statements-summary');
    expect(wb.pageErrors).toEqual([]);
  });

  it('speaks English beside Chinese', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '风控审核' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Risk review' }).waitFor();
    const row = page.locator('tr[data-rule=amount_limit]');
    await expect.poll(() => row.innerText()).toContain('Single payment above the limit');
    expect(await row.innerText()).toContain('No longer found');
    await page.locator('tr[data-rule=ip_mismatch] button.subject').click();
    await page.getByRole('table', { name: 'Records behind the hit' }).waitFor();
    await wb.shot('risk-queue-en');
    await page.getByRole('button', { name: '中文' }).click();
    expect(wb.pageErrors).toEqual([]);
  });
});
