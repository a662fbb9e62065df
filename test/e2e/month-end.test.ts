// Month-end in the browser (issue 17): a statement only when it means something, with the open
// differences and the last run shown before export; screenshots of the screens a finance lead signs from.
import * as XLSX from '@e965/xlsx';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, setSetting } from '../../electron/engine/workspace/db';
import { formatMoney } from '../../shared/money';
import { loadSampleMonth } from '../engine/statement/sample-workspace';
import { hasChromium, startWorkbench, type Workbench } from './workbench-harness';

const CHANNEL = 'wechat';
const PERIOD = '2026-10';
const OPERATOR = '李主管';

describe.skipIf(!hasChromium)('month-end in the browser', () => {
  let wb: Workbench;
  let page: Page;
  let workspacePath = '';

  beforeAll(async () => {
    wb = await startWorkbench((path) => {
      workspacePath = path;
      const ws = openWorkspace(path);
      loadSampleMonth(ws.db);
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
    await page.getByRole('navigation').getByRole('button', { name: '结算单' }).click();
    await page.locator('select[name=channel]').selectOption(channelId);
    await page.locator('.period-picker input[name=period]').fill(PERIOD);
  }

  it('refuses the statement of a channel with no bill, with the reason, and disables its export', async () => {
    await openStatement('boc');
    await expect.poll(() => page.getByTestId('statement-refused').innerText()).toContain('没有导入任何渠道账单');
    expect(await page.locator('button[data-action=export-xlsx]').isDisabled()).toBe(true);
    expect(await page.locator('button[data-action=print]').isDisabled()).toBe(true);
  });

  it('shows the open differences and last run before export, and the export dialog repeats them', async () => {
    const ready = await wb.api('statement.readiness', { channelId: CHANNEL, period: PERIOD });
    expect(ready.ready).toBe(true);
    await openStatement(CHANNEL);
    const check = page.getByTestId('export-check');
    await expect.poll(() => check.locator('[data-field=open-count]').innerText()).toBe(`${ready.openDifferences} 笔`);
    expect(await check.locator('[data-field=open-amount]').innerText()).toBe(formatMoney(ready.openAmountMinor, 'CNY'));
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
    expect(XLSX.read(readFileSync(path)).SheetNames[0]).toBe('汇总');
  });

  // Last: it leaves the workspace's history broken for good.
  it('names the first broken audit entry on the audit screen and warns on every screen once history is edited', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '审计' }).click();
    await expect.poll(() => page.getByTestId('chain').innerText()).toBe('日志链完整');
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
    await page.getByRole('navigation').getByRole('button', { name: '结算单' }).click();
    await page.getByTestId('audit-chain-banner').waitFor();
  });
});
