// 回款 end to end in browser mode: the sample month's statements exported (so they are receivables),
// the company's bank statement imported on the 回款 screen, the alipay receivable going from 未回款
// to 已回款, an unidentified receipt marked by hand and undone, the 对账回款函 downloaded and read back.
import * as XLSX from '@e965/xlsx';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveAccount } from '../../electron/engine/bank/accounts';
import { dayFormatter } from '../../electron/engine/receivables/index';
import { saveReceiptSettings } from '../../electron/engine/receivables/settings';
import { exportStatement } from '../../electron/engine/statement';
import { createWorkspace, setSetting } from '../../electron/engine/workspace/db';
import { formatMoney } from '../../shared/money';
import { ACCOUNT, chain, cmbCsv } from '../engine/bank/fixtures';
import { loadSampleMonth } from '../engine/statement/sample-workspace';
import { hasChromium, startWorkbench, type Workbench } from './workbench-harness';

const ALIPAY_PAYER = '支付宝（中国）网络技术有限公司';

describe.skipIf(!hasChromium)('回款 screen in the browser', () => {
  let wb: Workbench;
  let page: Page;
  const agreed: Record<string, number> = {};
  /** Today in the workspace zone: statements exported now are issued today. */
  const today = dayFormatter('Asia/Shanghai')(Date.now());

  beforeAll(async () => {
    wb = await startWorkbench((path) => {
      const ws = createWorkspace(path);
      loadSampleMonth(ws.db, ['20881234567890120156_202609.csv.zip', 'wechat_tradebill_ALL_202609.csv', 'inhouse_orders_202609.csv']);
      setSetting(ws.db, 'company_name', '深圳某某科技有限公司');
      for (const channelId of ['alipay', 'wechat']) {
        agreed[channelId] = exportStatement(ws.db, { channelId, period: '2026-09', outPath: join(path, '..', `${channelId}.xlsx`) }).report.agreed;
      }
      saveAccount(ws.db, { accountNo: ACCOUNT, bank: '招商银行', name: '深圳某某科技有限公司', currency: 'CNY' });
      saveReceiptSettings(ws.db, { channelId: 'alipay', payerNames: [ALIPAY_PAYER], rule: { kind: 'days-after-statement', n: 30, day: 1 } });
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

  const row = (key: string) => page.locator(`table[aria-label=应收回款] tr[data-key="${key}"]`);

  it('imports a bank statement and the alipay receivable goes from 未回款 to 已回款', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '回款' }).click();
    await page.locator('input[name=asOf]').fill(today);
    await expect.poll(() => row('alipay:2026-09').locator('[data-status]').getAttribute('data-status')).toBe('unpaid');
    expect(await row('alipay:2026-09').innerText()).toContain(formatMoney(agreed.alipay!));
    await wb.shot('receivables-before');

    const statement = chain(10_000_000, [
      { at: `${today} 00:00:10`, amount: agreed.alipay!, name: ALIPAY_PAYER, account: '1001300029000123', remark: '2026年9月结算款', serial: 'E2E-1' },
      { at: `${today} 00:00:20`, amount: 88_800, name: '某某个人', account: '6222020000000000', remark: '货款', serial: 'E2E-2' },
    ]);
    const file = join(wb.dir, 'cmb_statement.csv');
    writeFileSync(file, cmbCsv(statement.rows));
    await page.locator('input[type=file][aria-label="导入银行流水…"]').setInputFiles(file);
    await page.getByRole('status').filter({ hasText: '已导入' }).waitFor();
    await expect.poll(() => row('alipay:2026-09').locator('[data-status]').getAttribute('data-status')).toBe('paid');
    expect(await row('alipay:2026-09').locator('[data-status]').innerText()).toBe('已回款');
    expect(await row('wechat:2026-09').locator('[data-status]').innerText()).toBe('逾期');
    const totals = await page.locator('table[aria-label=各渠道回款]').innerText();
    expect(totals).toContain(formatMoney(agreed.alipay!));
    await wb.shot('receivables-paid');
  });

  it('marks an unidentified receipt as not settlement money and undoes it', async () => {
    const unclaimed = page.locator('table[aria-label=待认领] tr[data-row]');
    await expect.poll(() => unclaimed.count()).toBe(1);
    expect(await unclaimed.innerText()).toContain('某某个人');
    await unclaimed.getByRole('button', { name: '非结算款' }).click();
    await expect.poll(() => unclaimed.count()).toBe(0);
    const assigned = page.locator('table[aria-label=人工认领] tbody tr');
    expect(await assigned.innerText()).toContain('非结算款');
    await wb.shot('receivables-assigned');
    await assigned.getByRole('button', { name: '撤销' }).click();
    await expect.poll(() => unclaimed.count()).toBe(1);
    const audit = await wb.api('audit.list', { action: 'receipts.unassign' });
    expect(audit.entries).toHaveLength(1);
  });

  it('exports the 对账回款函 and its figures read back from the downloaded file', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出对账回款函' }).click()]);
    const path = join(wb.dir, 'letter.xlsx');
    await download.saveAs(path);
    const book = XLSX.read(readFileSync(path));
    const all = XLSX.utils.sheet_to_json<Record<string, string | number>>(book.Sheets['应收明细']!);
    const cents = (v: string | number | undefined) => Math.round(Number(v) * 100);
    const alipay = all.find((r) => r['渠道'] === '支付宝')!;
    expect(alipay['状态']).toBe('已回款');
    expect(cents(alipay['确认金额'])).toBe(agreed.alipay);
    expect(cents(alipay['已回款'])).toBe(agreed.alipay);
    expect(cents(alipay['未回金额'])).toBe(0);
    const letter = XLSX.utils.sheet_to_json<(string | number)[]>(book.Sheets['回款函']!, { header: 1, defval: '' });
    const head = letter.findIndex((r) => r[0] === '渠道');
    const outstanding = letter.slice(head + 1).filter((r) => r[1] === '2026-09');
    expect(outstanding.map((r) => [r[0], cents(r[4]), cents(r[7]), r[10]])).toEqual([['微信支付', agreed.wechat, agreed.wechat, '逾期']]);
  });

  it('sets a channel\'s payers and payment date rule and adds a bank account in Settings', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '设置' }).click();
    const form = page.locator('form[aria-label="渠道回款设置 wechat"]');
    await form.locator('input[name=payers]').fill('财付通支付科技有限公司, 深圳市财付通');
    await form.locator('select[name=rule]').selectOption('weekly');
    await form.locator('input[name=n]').fill('3');
    await form.locator('input[name=grace]').fill('2');
    await form.getByRole('button', { name: '保存' }).click();
    await form.getByRole('status').waitFor();
    const settings = (await wb.api('receipts.settings', {})).find((x) => x.channelId === 'wechat')!;
    expect(settings).toMatchObject({ payerNames: ['财付通支付科技有限公司', '深圳市财付通'], rule: { kind: 'weekly', n: 3 }, graceDays: 2 });

    await page.locator('input[name=accountNo]').fill('4000 0234 0920 0123 456');
    await page.locator('input[name=bank]').fill('工商银行');
    await page.locator('input[name=accountName]').fill('深圳某某科技有限公司');
    await page.getByRole('button', { name: '保存账户' }).click();
    await page.locator('table[aria-label=我方银行账户]').getByText('4000023409200123456').waitFor();
    await wb.shot('settings-bank');
  });
});
