// The difference workbench end to end (issue 6, "Done when"): browser mode in headless Chromium on the
// sample month, driven the way a clerk works — resolve differences with every action, undo one,
// bulk-resolve a filter, match one-to-many by hand, answer the dispute workbook, close the period,
// export the statement and read the downloaded workbook back.
import * as XLSX from '@e965/xlsx';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveChannel } from '../../electron/engine/channels';
import { createWorkspace, setSetting } from '../../electron/engine/workspace/db';
import { formatMoney } from '../../shared/money';
import type { DifferenceView } from '../../shared/report';
import { loadSampleMonth } from '../engine/statement/sample-workspace';
import { hasChromium, startWorkbench, type Workbench } from './workbench-harness';

const CHANNEL = 'alipay';
const PERIOD = '2026-09';
const OPERATOR = '王会计';
/** A period cap below what one more waiver adds, so waiving must be confirmed explicitly. */
const CAP_MINOR = 100;

interface Expected { expected: { channel: string; period: string; agreed: number; disputed: number; counts: Record<string, number> }[] }
const EXPECTED = (JSON.parse(readFileSync(join(import.meta.dirname, '../../demo/samples/expected.json'), 'utf8')) as Expected)
  .expected.find((e) => e.channel === CHANNEL && e.period === PERIOD)!;

const yuan = (minor: number) => formatMoney(minor, 'CNY');

describe.skipIf(!hasChromium)('difference workbench in the browser', () => {
  let wb: Workbench;
  let page: Page;
  const query = { channelId: CHANNEL, period: PERIOD, limit: 1000 };

  async function diffs(): Promise<DifferenceView[]> {
    return wb.api('diffs.list', query);
  }

  async function byOrder(orderId: string): Promise<DifferenceView> {
    const d = (await diffs()).find((x) => x.orderId === orderId);
    if (!d) throw new Error(`no difference for ${orderId}`);
    return d;
  }

  async function card(field: string): Promise<string> {
    return (await page.getByTestId('summary').locator(`[data-field=${field}] .card-value`).innerText()).trim();
  }

  /** Narrows the list to one order id and puts the cursor on it. */
  async function focusOrder(orderId: string, status: '' | 'open' | 'resolved' = 'open') {
    await page.locator('.filters select[name=status]').selectOption(status);
    await page.locator('.filters input[name=text]').fill(orderId);
    await page.getByTestId('list-totals').locator('[data-field=count]', { hasText: /^1$/ }).waitFor();
    await page.locator(`.vrow[data-index="0"][data-diff-id]`).click();
    await page.getByTestId('diff-detail').getByText(orderId).first().waitFor();
  }

  /** Clears the filters back to every open difference and waits until the list shows them all. */
  async function showAllOpen() {
    await page.locator('.filters input[name=text]').fill('');
    await page.locator('.filters input[name=min]').fill('');
    await page.locator('.filters select[name=status]').selectOption('open');
    await page.locator('.ctab', { hasText: '全部' }).click();
    const { count } = await wb.api('diffs.count', { channelId: CHANNEL, period: PERIOD, status: 'open' });
    await page.getByTestId('list-totals').locator('[data-field=count]', { hasText: new RegExp(`^${count}$`) }).waitFor();
  }

  /** Presses an action key on the current difference and confirms the dialog with a note. */
  async function decideByKey(key: string, note: string, acknowledge = false) {
    await page.keyboard.press(key);
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.locator('textarea[name=note]').fill(note);
    if (acknowledge) await dialog.locator('input[name=acknowledge]').check();
    await dialog.locator('button[type=submit]').click();
    await dialog.waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    wb = await startWorkbench((path) => {
      const ws = createWorkspace(path);
      loadSampleMonth(ws.db);
      saveChannel(ws.db, { id: CHANNEL, periodCapMinor: CAP_MINOR });
      setSetting(ws.db, 'operator', OPERATOR);
      ws.db.close();
    });
    page = wb.page;
  }, 180_000);

  afterAll(async () => {
    await wb?.close();
  });

  // Nothing the page logs as an error (a CSP violation, a React warning, an uncaught throw) goes unnoticed.
  afterEach(() => {
    const errors = wb.pageErrors.splice(0);
    expect(errors).toEqual([]);
  });

  it('shows the period summary with the sample figures and previews a match run before applying it', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '对账', exact: true }).click();
    await page.locator('select[name=channel]').selectOption(CHANNEL);
    await page.locator('.period-picker input[name=period]').fill(PERIOD);
    await page.getByTestId('summary').waitFor();
    await expect.poll(() => card('agreed')).toBe(yuan(EXPECTED.agreed));
    expect(await card('disputed')).toBe(yuan(EXPECTED.disputed));
    // Tabs count every difference of the category; the cap gauge shows the tolerance waivers against the cap.
    expect(await page.locator('.ctab[data-category=channel_only] .count').innerText()).toBe(String(EXPECTED.counts.channel_only));
    const report = (await wb.api('report.get', { period: PERIOD, channelId: CHANNEL })).channels[0]!;
    await expect.poll(() => page.getByTestId('cap').innerText()).toContain(`${yuan(report.waived_total)} / ${yuan(CAP_MINOR)}`);
    const openCount = (await wb.api('diffs.count', { channelId: CHANNEL, period: PERIOD, status: 'open' })).count;
    await expect.poll(() => page.getByTestId('list-totals').locator('[data-field=count]').innerText()).toBe(String(openCount));
    await page.locator('.vrow[data-diff-id]').first().waitFor();
    await wb.shot('workbench-reconcile');

    await page.locator('button[data-action=run]').click();
    const preview = page.getByTestId('match-preview');
    await preview.waitFor();
    // The workspace was matched already: a second run finds every difference again and adds none.
    expect(await preview.locator('[data-field=added]').innerText()).toBe('0');
    await wb.shot('workbench-match-preview');
    await preview.locator('button[data-action=apply]').click();
    await preview.waitFor({ state: 'detached' });
    await expect.poll(() => card('agreed')).toBe(yuan(EXPECTED.agreed));
  });

  it('filters the list by age (账龄) and shows the same count the engine gives for that cut-off', async () => {
    const totals = () => page.getByTestId('list-totals').locator('[data-field=count]').innerText();
    const openCount = (await wb.api('diffs.count', { channelId: CHANNEL, period: PERIOD, status: 'open' })).count;
    await page.locator('.filters input[name=minAge]').fill('9999');
    await expect.poll(totals).toBe('0');
    // Ages count from when the view opened; a cut-off of 0 days keeps everything that happened before then.
    await page.locator('.filters input[name=minAge]').fill('0');
    await expect.poll(totals).toBe(String(openCount));
    await page.locator('.filters input[name=minAge]').fill('');
    await expect.poll(totals).toBe(String(openCount));
  });

  it('shows both sides of a difference aligned, with the differing amount highlighted and the raw row one click away', async () => {
    const mismatch = (await diffs()).find((d) => d.category === 'amount_mismatch' && d.status === 'open')!;
    await focusOrder(mismatch.orderId!);
    const detail = page.getByTestId('diff-detail');
    expect(await detail.locator('th.side-internal').count()).toBe(1);
    expect(await detail.locator('th.side-channel').count()).toBe(1);
    const amountRow = detail.locator('tr', { has: page.locator('th', { hasText: /^金额$/ }) });
    expect(await amountRow.locator('td.differs').allInnerTexts()).toEqual([yuan(mismatch.internalAmountMinor), yuan(mismatch.channelAmountMinor)]);
    expect(await detail.innerText()).toContain(`${mismatch.channel[0]!.fileName}`);
    await detail.getByRole('button', { name: '原始单元格' }).first().click();
    await expect.poll(() => detail.getByTestId('raw-cells').first().innerText()).toContain(mismatch.orderId!);
    // Each cell under its column name from the file's header (the in-house export's 订单号, the bill's 商户订单号).
    expect(await detail.getByTestId('raw-cells').first().innerText()).toMatch(/订单号\s+/);
    await wb.shot('workbench-detail');
  });

  it('resolves differences with every action by keyboard, asks before passing the waiver cap, and undoes the last one', async () => {
    const all = await diffs();
    const open = (category: string) => all.filter((d) => d.category === category && d.status === 'open');
    const plan: { key: string; as: string; d: DifferenceView }[] = [
      { key: 'b', as: 'backfill', d: open('channel_only')[0]! },
      { key: 'c', as: 'carry', d: open('internal_only')[1]! },
      { key: 'd', as: 'dispute', d: open('amount_mismatch')[0]! },
      { key: 'r', as: 'refund', d: open('duplicate')[0]! },
      { key: 'o', as: 'writeoff', d: open('refund_mismatch')[0]! },
    ];
    for (const step of plan) {
      await focusOrder(step.d.orderId!);
      await decideByKey(step.key, `e2e ${step.as}`);
      await page.getByTestId('notice').filter({ hasText: `#${step.d.id}` }).waitFor();
      expect(await byOrder(step.d.orderId!)).toMatchObject({ status: 'resolved', resolution: step.as, note: `e2e ${step.as}`, resolvedBy: OPERATOR });
    }

    // Waiving 583.20 passes the 1.00 cap: the dialog says so and will not confirm until the user ticks it.
    const big = open('amount_mismatch')[1]!;
    await focusOrder(big.orderId!);
    await page.keyboard.press('v');
    const dialog = page.getByRole('dialog');
    await dialog.locator('textarea[name=note]').fill('e2e waive past the cap');
    expect(await dialog.getByRole('alert').innerText()).toContain('超过本期豁免上限');
    expect(await dialog.locator('button[type=submit]').isDisabled()).toBe(true);
    await wb.shot('workbench-waive-cap');
    await dialog.locator('input[name=acknowledge]').check();
    await dialog.locator('button[type=submit]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('notice').filter({ hasText: `#${big.id}` }).waitFor();
    expect(await byOrder(big.orderId!)).toMatchObject({ status: 'resolved', resolution: 'waive' });
    const report = (await wb.api('report.get', { period: PERIOD, channelId: CHANNEL })).channels[0]!;
    expect(report.waived_total).toBe(36 + Math.abs(big.differenceMinor));

    // u undoes the last decision even though it left the list of open differences.
    await page.locator('.vlist').click();
    await page.keyboard.press('u');
    await page.getByTestId('notice').filter({ hasText: `已撤销 #${big.id}` }).waitFor();
    expect(await byOrder(big.orderId!)).toMatchObject({ status: 'open', resolution: null });
    await wb.shot('workbench-after-actions');
  });

  it('matches one in-house order to two channel rows by hand with the running difference shown', async () => {
    const all = await diffs();
    const internal = all.find((d) => d.category === 'internal_only' && d.status === 'open')!;
    const channelRows = all.filter((d) => d.category === 'channel_only' && d.status === 'open' && d.internal.length === 0).slice(0, 2);
    expect(channelRows).toHaveLength(2);
    await showAllOpen();
    // m on a difference opens manual matching with its records already picked.
    await page.locator(`.vrow[data-diff-id="${internal.id}"]`).click();
    await page.keyboard.press('m');
    const panel = page.getByTestId('manual-match');
    await panel.waitFor();
    expect(await panel.locator(`[data-side=internal] tr[data-record-id="${internal.internal[0]!.id}"] input`).isChecked()).toBe(true);
    for (const d of channelRows) await panel.locator(`[data-side=channel] tr[data-record-id="${d.channel[0]!.id}"] input`).check();
    const channelSum = channelRows.reduce((s, d) => s + d.channel[0]!.amountMinor, 0);
    const internalSum = internal.internal[0]!.amountMinor;
    const totals = panel.getByTestId('mm-totals');
    expect(await totals.locator('[data-field=internal]').innerText()).toBe(yuan(internalSum));
    expect(await totals.locator('[data-field=channel]').innerText()).toBe(yuan(channelSum));
    expect(await totals.locator('[data-field=difference]').innerText()).toBe(yuan(channelSum - internalSum));
    await wb.shot('workbench-manual-match');
    await panel.getByRole('button', { name: '匹配所选…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('textarea[name=note]').fill('e2e one order paid in two payments');
    // Beyond the channel's tolerance (1.00 here) the dialog asks for the person's own reason before it lets go.
    const beyond = Math.abs(channelSum - internalSum) > 100;
    expect(await dialog.getByTestId('mm-beyond').count()).toBe(beyond ? 1 : 0);
    if (beyond) {
      expect(await dialog.locator('button[type=submit]').isDisabled()).toBe(true);
      await dialog.locator('input[name=own-reason]').fill('e2e 分两次付款');
    }
    await dialog.locator('button[type=submit]').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await byOrder(internal.orderId!)).resolution).toBe('manual_match');
    for (const d of channelRows) expect(await byOrder(d.orderId!)).toMatchObject({ status: 'resolved', resolution: 'manual_match', manualMatchId: (await byOrder(internal.orderId!)).manualMatchId });
    await panel.getByRole('button', { name: '✕' }).click();
  });

  it('bulk-resolves what a filter selects and what the user picked, after confirming count and amount', async () => {
    await page.locator('.ctab[data-category=channel_only]').click();
    await page.locator('.filters input[name=text]').fill('');
    await page.locator('.filters input[name=min]').fill('1000.00');
    const expected = await wb.api('diffs.count', { channelId: CHANNEL, period: PERIOD, category: 'channel_only', status: 'open', minAmount: 100000 });
    expect(expected.count).toBeGreaterThan(1);
    await page.getByTestId('list-totals').locator('[data-field=count]', { hasText: new RegExp(`^${expected.count}$`) }).waitFor();
    await page.locator('select[name=bulk-filter]').selectOption('writeoff');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.locator('[data-field=count]').innerText()).toBe(String(expected.count));
    expect(await dialog.locator('[data-field=amount]').innerText()).toBe(yuan(expected.amountMinor));
    await wb.shot('workbench-bulk-confirm');
    await dialog.locator('textarea[name=note]').fill('e2e bulk write-off');
    await dialog.locator('button[type=submit]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('list-totals').locator('[data-field=count]', { hasText: /^0$/ }).waitFor();
    const after = await wb.api('diffs.list', { channelId: CHANNEL, period: PERIOD, category: 'channel_only', minAmount: 100000, resolution: 'writeoff' });
    expect(after).toHaveLength(expected.count);
    await showAllOpen();

    // A selection made by keyboard (x selects, j moves), resolved together after the same confirmation.
    const open = await wb.api('diffs.list', { channelId: CHANNEL, period: PERIOD, status: 'open', limit: 1000 });
    expect(open.length).toBeGreaterThan(2);
    const picked = open.slice(0, 2);
    await page.locator(`.vrow[data-diff-id="${picked[0]!.id}"]`).click();
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.locator('.selection-bar [data-field=selected]', { hasText: /^2$/ }).waitFor();
    await page.locator('select[name=bulk-selected]').selectOption('carry');
    expect(await dialog.locator('[data-field=count]').innerText()).toBe('2');
    expect(await dialog.locator('[data-field=amount]').innerText()).toBe(yuan(picked.reduce((s, d) => s + Math.abs(d.differenceMinor), 0)));
    await dialog.locator('textarea[name=note]').fill('e2e carry the picked two');
    await dialog.locator('button[type=submit]').click();
    await dialog.waitFor({ state: 'detached' });
    for (const d of picked) await expect.poll(async () => (await wb.api('diff.get', { id: d.id })).resolution).toBe('carry');
    expect(await wb.api('diffs.count', { channelId: CHANNEL, period: PERIOD, status: 'open' })).toMatchObject({ count: open.length - 2 });
  });

  it('exports the dispute workbook and applies the channel\'s answers after a confirmation list', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '对账确认单' }).click();
    await page.locator('select[name=channel]').selectOption(CHANNEL);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-action=export-disputes]').click()]);
    const path = join(wb.dir, 'disputes.xlsx');
    await download.saveAs(path);
    const book = XLSX.read(readFileSync(path));
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<(string | number)[]>(sheet, { header: 1 });
    const header = rows[0]!.map(String);
    const open = await wb.api('diffs.list', { channelId: CHANNEL, period: PERIOD, status: 'open', sort: 'id', limit: 1000 });
    expect(rows.length - 1).toBe(open.length);
    // The channel accepts the first row (认可) and leaves the rest unanswered.
    const answered = Number(rows[1]![0]);
    sheet[XLSX.utils.encode_cell({ r: 1, c: header.indexOf('渠道答复（认可/不认可/更正金额）') })] = { t: 's', v: '认可' };
    const returned = join(wb.dir, '争议清单-渠道回复.xlsx');
    writeFileSync(returned, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    await page.locator('input[name=answers]').setInputFiles(returned);
    const list = page.getByTestId('answers');
    await list.waitFor();
    expect(await list.locator('tbody tr').count()).toBe(1);
    await wb.shot('workbench-dispute-answers');
    await list.locator('button[data-action=apply-answers]').click();
    await page.getByTestId('applied').waitFor();
    expect((await wb.api('diff.get', { id: answered })).status).toBe('resolved');
  });

  it('closes the period, after which the workbench is read-only', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '对账', exact: true }).click();
    const open = (await wb.api('diffs.count', { channelId: CHANNEL, period: PERIOD, status: 'open' })).count;
    await page.locator('button[data-action=close]').click();
    const dialog = page.getByRole('dialog');
    // The note is required; open differences are listed and must be acknowledged.
    expect(await dialog.locator('button[type=submit]').isDisabled()).toBe(true);
    await dialog.locator('textarea[name=note]').fill('e2e month end');
    if (open > 0) {
      await dialog.getByTestId('close-open-list').locator('[data-field=count]', { hasText: String(open) }).waitFor();
      expect(await dialog.locator('button[type=submit]').isDisabled()).toBe(true);
      await dialog.locator('input[name=acknowledge]').check();
    }
    await dialog.locator('button[type=submit]').click();
    await page.locator('button[data-action=reopen]').waitFor();
    expect((await wb.api('report.get', { period: PERIOD, channelId: CHANNEL })).channels[0]!.closed).toBe(true);
    await page.locator('.filters select[name=status]').selectOption('');
    await page.locator('.vrow[data-diff-id]').first().click();
    expect(await page.locator('.detail-actions button[data-action=backfill]').isDisabled()).toBe(true);
    await wb.shot('workbench-closed');
  });

  it('shows the statement with the figures of the exported workbook, and prints it', async () => {
    const report = (await wb.api('report.get', { period: PERIOD, channelId: CHANNEL })).channels[0]!;
    await page.getByRole('navigation').getByRole('button', { name: '对账确认单' }).click();
    const sheet = page.getByTestId('statement');
    await sheet.waitFor();
    const figure = async (f: string) => (await sheet.locator(`tr[data-field=${f}] td`).innerText()).trim();
    expect(await figure('agreed')).toBe(yuan(report.agreed));
    expect(await figure('disputed')).toBe(yuan(report.disputed));
    expect(await figure('net')).toBe(yuan(report.net));
    // Decisions moved money from disputed to agreed, and the two still add up to net.
    expect(report.agreed).toBeGreaterThan(EXPECTED.agreed);
    expect(report.agreed + report.disputed).toBe(report.net);
    await wb.shot('workbench-statement');

    await page.locator('button[data-action=export-xlsx]').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-dialog').locator('button[type=submit]').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = join(wb.dir, 'statement.xlsx');
    await download.saveAs(path);
    const book = XLSX.read(readFileSync(path));
    const summary = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['汇总']!, { header: 1 });
    const cell = (label: string) => summary.find((r) => r[0] === label)?.[1];
    // The workbook carries amounts as numbers in yuan; compare in fen, as the screen shows them.
    expect(Math.round(Number(cell('双方认可金额')) * 100)).toBe(report.agreed);
    expect(Math.round(Number(cell('争议金额')) * 100)).toBe(report.disputed);
    expect(yuan(Math.round(Number(cell('双方认可金额')) * 100))).toBe(await figure('agreed'));

    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-action=export-csv]').click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);

    await page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'yes');
    });
    await page.locator('button[data-action=print]').click();
    await page.getByTestId('export-dialog').locator('button[type=submit]').click();
    await page.locator('body[data-printed=yes]').waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    // Printed, only the statement shows: the app is hidden, the figures are the report's.
    expect(await page.locator('.app').isVisible()).toBe(false);
    const printed = await page.getByTestId('print-sheet').innerText();
    expect(printed).toContain(yuan(report.agreed));
    expect(printed).toContain(yuan(report.disputed));
    await wb.shot('workbench-statement-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('lists the decisions in the audit log with filters and before/after', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '审计' }).click();
    await page.locator('.filters input[name=action]').fill('diff.resolve');
    const log = page.getByTestId('audit-log');
    // Six decisions by keyboard (the waiver then undone is still in the log) and the channel's answer.
    await expect.poll(() => log.locator('tbody > tr[data-action]').count()).toBe(7);
    expect(await log.locator('tbody > tr[data-action="diff.resolve"]').count()).toBe(7);
    expect(await log.innerText()).toContain(OPERATOR);
    // Fields by name, collapsed to what changed.
    expect(await log.locator('tr.changed[data-field=resolution]', { hasText: '处理方式' }).count()).toBeGreaterThan(0);
    await page.locator('.filters input[name=action]').fill('');
    await page.locator('.filters input[name=who]').fill('nobody');
    await page.getByText('没有符合条件的记录。').waitFor();
    await page.locator('.filters input[name=who]').fill(OPERATOR);
    await page.locator('.filters input[name=action]').fill('period.close');
    await expect.poll(() => log.locator('tbody > tr[data-action]').count()).toBe(1);
    expect(await log.locator('tbody > tr[data-action="period.close"]').count()).toBe(1);
    expect(await page.getByTestId('chain').innerText()).toBe('日志链完整');
    await wb.shot('workbench-audit');
  });

  it('speaks English when switched, and reopens the period with a note', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Reconcile' }).click();
    await page.getByRole('heading', { name: 'Reconcile' }).waitFor();
    // Everything is decided: the default view (open only) is empty and says so.
    await page.getByText('No differences match.').waitFor();
    await page.locator('.filters select[name=status]').selectOption('');
    await page.locator('.vrow[data-diff-id]').first().click();
    expect(await page.locator('.detail-actions').innerText()).toContain('Backfill');
    expect(await page.getByTestId('summary').innerText()).toContain('Agreed');
    await wb.shot('workbench-reconcile-en');

    // Reopening needs a reason in the note; the actions come back.
    await page.getByRole('button', { name: 'Reopen period' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.locator('button[type=submit]').isDisabled()).toBe(true);
    await dialog.locator('textarea[name=note]').fill('e2e late bill from the channel');
    await dialog.locator('button[type=submit]').click();
    await page.getByRole('button', { name: 'Close period' }).waitFor();
    expect((await wb.api('report.get', { period: PERIOD, channelId: CHANNEL })).channels[0]!.closed).toBe(false);
    expect(await page.locator('.detail-actions button[data-action=undo]').isDisabled()).toBe(false);
  });
});
