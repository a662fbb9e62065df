// Browser mode end to end: the built renderer served by `recondesk serve`'s server, driven in headless
// Chromium through every screen a clerk uses (issue 5, "Done when").
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../shared/money';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { CUSTOM_HEADER, writeCustomBill, writeJunk, type CustomBill } from './fixtures';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLES = join(ROOT, 'demo/samples');
const SHOTS = join(ROOT, 'test-results/screenshots');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`e2e skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

interface Expected {
  files: { file: string; channel: string; period: string }[];
  expected: { channel: string; period: string; payRows: number; refundRows: number; agreed: number; disputed: number; counts: Record<string, number> }[];
}
const EXPECTED = JSON.parse(readFileSync(join(SAMPLES, 'expected.json'), 'utf8')) as Expected;

describe.skipIf(!hasChromium)('browser mode', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  async function shot(name: string) {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function tab(name: string) {
    await page.getByRole('navigation').getByRole('button', { name }).click();
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recondesk-e2e-'));
    mkdirSync(SHOTS, { recursive: true });
    const rendererDir = join(dir, 'renderer');
    // Built once per run, into this run's own folder (other runs may be serving out/renderer).
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir: rendererDir, emptyOutDir: true } });
    mkdirSync(join(dir, 'workspaces'));
    server = await startServer({ workspaceDir: join(dir, 'workspaces'), rendererDir });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN' });
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses requests without the token or from a foreign host name', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/`)).status).toBe(403);
    expect((await fetch(`${base}/api/session`, { headers: { 'x-recondesk-token': 'wrong' } })).status).toBe(403);
    const ok = await fetch(`${base}/api/session`, { headers: { 'x-recondesk-token': server.token } });
    expect(ok.status).toBe(200);
    const csp = ok.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe');
    // A DNS-rebinding page reaches 127.0.0.1 under its own host name; fetch() cannot fake Host, so use http.
    const http = await import('node:http');
    const status = await new Promise<number>((done) => {
      http.get({ host: '127.0.0.1', port: server.port, path: `/api/session?token=${server.token}`, headers: { host: `evil.example:${server.port}` } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
    });
    expect(status).toBe(403);
  });

  it('creates a workspace', async () => {
    await page.goto(server.url);
    await expect.poll(() => page.getByRole('heading', { name: '还没有打开工作区' }).isVisible()).toBe(true);
    await shot('01-workspace-gate');
    await page.locator('input[name=workspace-name]').fill('对账2026');
    await page.getByRole('button', { name: '新建工作区' }).click();
    await page.getByRole('navigation').waitFor();
    await expect.poll(() => page.locator('.topbar .ws').textContent()).toContain('对账2026.sqlite');
    expect(existsSync(join(dir, 'workspaces', '对账2026.sqlite'))).toBe(true);
  });

  it('configures channels and imports the in-house profile in Settings', async () => {
    await tab('设置');
    const channels = [
      { id: 'alipay', name: '支付宝', aliases: '支付宝', manual: false },
      { id: 'wechat', name: '微信支付', aliases: '微信支付, 微信', manual: false },
      { id: 'unionpay', name: '云闪付', aliases: '云闪付', manual: false },
      { id: 'boc', name: '中国银行', aliases: '中国银行', manual: true },
    ];
    for (const [i, c] of channels.entries()) {
      if (i > 0) await page.getByRole('button', { name: '添加渠道' }).click();
      const form = page.locator('form.form-grid');
      await form.locator('input[name=id]').fill(c.id);
      await form.locator('input[name=name]').fill(c.name);
      await form.locator('input[name=aliases]').fill(c.aliases);
      if (c.manual) await form.locator('input[name=manual]').check();
      await form.getByRole('button', { name: '保存' }).click();
      await page.locator(`table[aria-label=渠道] td.mono`, { hasText: c.id }).waitFor();
    }
    const rows = page.locator('table[aria-label=渠道] tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await rows.nth(0).textContent()).toContain('1.00');

    await page.getByTestId('profile-file').setInputFiles(join(ROOT, 'demo/profiles/inhouse.json'));
    await page.locator('tr[data-profile=inhouse]').waitFor();
    expect(await page.getByTestId('profile-json').textContent()).toContain('"side": "internal"');

    await page.locator('input[name=operator]').fill('王会计');
    await page.locator('form', { has: page.locator('input[name=operator]') }).getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await shot('02-settings');
  });

  it('imports every sample file through the file chooser with per-file summaries', async () => {
    await tab('导入');
    const names = EXPECTED.files.map((f) => f.file);
    await page.getByTestId('file-input').setInputFiles(names.map((n) => join(SAMPLES, n)));
    for (const n of names) {
      await page.locator(`tr[data-file="${n}"]`).getByText('待导入').waitFor();
    }
    // Detection proposed the channel of each bill and the in-house side for the export.
    for (const f of EXPECTED.files) {
      const row = page.locator(`tr[data-file="${f.file}"]`);
      if (f.channel === 'inhouse') expect(await row.locator('select[aria-label=类型]').inputValue()).toBe('internal');
      else expect(await row.locator('select[aria-label=渠道]').inputValue()).toBe(f.channel);
    }
    await page.locator('tr[data-file="wechat_tradebill_ALL_202609.csv"] button.link').first().click();
    await page.getByRole('heading', { name: '识别结果' }).waitFor();
    await shot('03-import-preview');

    await page.getByRole('button', { name: '全部导入' }).click();
    await expect.poll(() => page.getByTestId('import-summary').count(), { timeout: 60_000 }).toBe(names.length);
    expect(await page.getByTestId('import-error').count()).toBe(0);
    for (const f of EXPECTED.files) {
      const box = page.locator(`[data-testid=import-summary][data-file="${f.file}"]`);
      const exp = EXPECTED.expected.find((e) => e.channel === f.channel && e.period === f.period);
      if (exp) {
        expect(await box.locator('[data-field=payments]').textContent()).toBe(String(exp.payRows));
        expect(await box.locator('[data-field=refunds]').textContent()).toBe(String(exp.refundRows));
      } else {
        expect(Number(await box.locator('[data-field=accepted]').textContent())).toBeGreaterThan(0);
      }
    }
    await shot('04-import-summary');
  });

  it('shows the dashboard figures of expected.json after reconciling', async () => {
    await tab('总览');
    for (const period of ['2026-09', '2026-10']) {
      await page.locator('input[name=period]').fill(period);
      await page.getByRole('button', { name: '运行对账' }).click();
      for (const exp of EXPECTED.expected.filter((e) => e.period === period)) {
        const row = page.locator(`tr[data-channel=${exp.channel}]`);
        await expect.poll(() => row.locator('[data-field=match-rate]').textContent(), { timeout: 60_000 }).toMatch(/%$/);
        expect(await row.locator('[data-field=rows]').textContent()).toBe((exp.payRows + exp.refundRows).toLocaleString('en-US'));
        expect(await row.locator('[data-field=agreed]').textContent()).toBe(formatMoney(exp.agreed));
        expect(await row.locator('[data-field=disputed]').textContent()).toBe(formatMoney(exp.disputed));
        for (const [category, n] of Object.entries(exp.counts)) {
          if (category === 'matched' || n === 0) continue;
          expect(await row.locator(`[data-category=${category}]`).textContent()).toMatch(new RegExp(` ${n}$`));
        }
      }
      // 中国银行 bills are fetched by hand and none was imported: the dashboard says so.
      expect(await page.getByTestId('missing-bills').textContent()).toContain('中国银行');
      await shot(`05-dashboard-${period}`);
    }
    expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(3);
  });

  let custom: CustomBill;
  it('maps an unknown layout with the wizard, and the next import picks the saved profile', async () => {
    custom = writeCustomBill(dir, 'unionpay_202609.csv', 120);
    await tab('导入');
    await page.getByTestId('file-input').setInputFiles(custom.path);
    const row = page.locator('tr[data-file="unionpay_202609.csv"]');
    await row.getByText('无法识别格式').waitFor();
    await row.getByRole('button', { name: '设置映射…' }).click();
    await page.getByRole('heading', { name: '映射向导：新的账单格式' }).waitFor();
    // The header row is found (line 4) and each column suggested from its header name.
    await expect.poll(() => page.locator('select[name=header-row]').inputValue()).toBe('4');
    const suggested = async (field: string) => page.locator(`select[data-field=${field}]`).inputValue();
    expect(await suggested('orderId')).toBe(CUSTOM_HEADER[0]);
    expect(await suggested('channelTxnId')).toBe(CUSTOM_HEADER[1]);
    expect(await suggested('time')).toBe(CUSTOM_HEADER[2]);
    expect(await suggested('kind')).toBe(CUSTOM_HEADER[3]);
    expect(await suggested('amount')).toBe(CUSTOM_HEADER[4]);
    expect(await suggested('fee')).toBe(CUSTOM_HEADER[5]);
    await page.locator('select[name=channel]').selectOption('unionpay');
    await page.locator('input[name=profile-name]').fill('云闪付对账单');
    // Live preview: normalised rows, refunds recognised from 交易类型 = 退款.
    await page.locator('table.normalised tbody tr').first().waitFor();
    expect(await page.locator('table.normalised tbody tr').nth(24).textContent()).toContain('退款');
    await shot('06-mapping-wizard');
    await page.getByRole('button', { name: '保存模板' }).click();

    await row.getByText('待导入').waitFor();
    expect(await row.locator('select[aria-label=导入模板]').inputValue()).toBe('custom-unionpay-202609');
    expect(await row.locator('select[aria-label=渠道]').inputValue()).toBe('unionpay');
    await page.getByRole('button', { name: '全部导入' }).click();
    const box = page.locator('[data-testid=import-summary][data-file="unionpay_202609.csv"]');
    await box.waitFor();
    expect(await box.locator('[data-field=payments]').textContent()).toBe(String(custom.payments));
    expect(await box.locator('[data-field=refunds]').textContent()).toBe(String(custom.refunds));
  });

  it('shows a clear error, with row, column and value, for a broken file and for junk', async () => {
    const broken = writeCustomBill(dir, 'unionpay_202610_broken.csv', 40, { month: '10', badAt: 17 });
    const junk = writeJunk(dir, 'statement.csv');
    await page.getByTestId('file-input').setInputFiles([broken.path, junk]);
    await page.locator('tr[data-file="unionpay_202610_broken.csv"]').getByText('待导入').waitFor();
    await page.getByRole('button', { name: '全部导入' }).click();
    const err = page.locator('[data-testid=import-error][data-file="unionpay_202610_broken.csv"]');
    await err.waitFor();
    expect(await err.locator('[data-field=row]').textContent()).toBe(String(broken.badLine));
    expect(await err.locator('[data-field=column]').textContent()).toBe('金额(元)');
    expect(await err.locator('[data-field=value]').textContent()).toBe('12.3.4');
    expect(await err.textContent()).toContain('未导入任何数据');
    const junkError = page.locator('[data-testid=import-error][data-file="statement.csv"]');
    await junkError.waitFor();
    expect((await junkError.textContent())!.length).toBeGreaterThan(20);
    await shot('07-import-errors');
  });

  it('takes bills dropped anywhere on the window to the import screen', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '总览' }).click();
    const bill = writeCustomBill(dir, 'unionpay_202612_dropped.csv', 12, { month: '12', prefix: 'D' });
    const content = readFileSync(bill.path, 'utf8');
    const transfer = await page.evaluateHandle(({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'text/csv' }));
      return dt;
    }, { name: 'unionpay_202612_dropped.csv', text: content });
    await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
    await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
    const row = page.locator('tr[data-file="unionpay_202612_dropped.csv"]');
    await row.getByText('待导入').waitFor();
    expect(await page.getByRole('navigation').getByRole('button', { name: '导入' }).getAttribute('aria-current')).toBe('page');
    // Dropped once, listed once.
    expect(await row.count()).toBe(1);
  });

  it('imports 200,000 rows with progress at least every second while the page answers clicks', async () => {
    const big = writeCustomBill(dir, 'unionpay_202611_big.csv', 200_000, { month: '11', prefix: 'B' });
    await page.getByTestId('file-input').setInputFiles(big.path);
    const row = page.locator('tr[data-file="unionpay_202611_big.csv"]');
    await row.getByText('待导入').waitFor({ timeout: 60_000 });
    // Record, inside the page, every change of the progress text and the moment the summary appears.
    await page.evaluate(() => {
      const w = window as unknown as { progressLog: { t: number; text: string }[]; observer: MutationObserver };
      w.progressLog = [];
      w.observer = new MutationObserver(() => {
        const el = document.querySelector('[data-testid=progress-text]');
        const last = w.progressLog[w.progressLog.length - 1];
        if (last?.text === 'DONE') return;
        if (document.querySelector('[data-testid=import-summary][data-file="unionpay_202611_big.csv"]')) w.progressLog.push({ t: performance.now(), text: 'DONE' });
        else if (el && el.textContent !== last?.text) w.progressLog.push({ t: performance.now(), text: el.textContent ?? '' });
      });
      w.observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const started = await page.evaluate(() => {
      (Array.from(document.querySelectorAll('button')).find((b) => b.textContent === '全部导入') as HTMLButtonElement).click();
      return performance.now();
    });
    await page.getByTestId('progress-text').waitFor();

    // While the import runs: switch to the dashboard. Timed inside the page, from the click to the
    // dashboard showing figures the engine's reader answered while the writer imports.
    const answeredMs = await page.evaluate(async () => {
      const t0 = performance.now();
      const button = Array.from(document.querySelectorAll('nav button')).find((b) => b.textContent === '总览') as HTMLButtonElement;
      button.click();
      const answered = () => /%$/.test(document.querySelector('tr[data-channel=alipay] [data-field=match-rate]')?.textContent ?? '');
      while (!answered() && performance.now() - t0 < 10_000) await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    });
    const stillImporting = await page.evaluate(() => document.querySelector('[data-testid=progress-text]') !== null);
    await shot('08-dashboard-during-import');
    await tab('导入');
    await shot('08-import-progress');

    const box = page.locator('[data-testid=import-summary][data-file="unionpay_202611_big.csv"]');
    await box.waitFor({ timeout: 60_000 });
    const log = await page.evaluate(() => (window as unknown as { progressLog: { t: number; text: string }[] }).progressLog);
    expect(await box.locator('[data-field=accepted]').textContent()).toBe('200000');

    expect(answeredMs, 'ms from the click to the dashboard figures').toBeLessThan(1000);
    expect(stillImporting, 'the import was still running when the dashboard answered').toBe(true);
    // The display changes at least once a second from the click to the summary…
    expect(log[log.length - 1]?.text).toBe('DONE');
    const times = [started, ...log.map((l) => l.t)];
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps), `display gaps (ms): ${gaps.map(Math.round).join(' ')}`).toBeLessThan(1000);
    // …and while rows are read and written, the row count itself moves at least once a second.
    const counts = log.map((l) => ({ t: l.t, rows: /^([\d,]+)/.exec(l.text)?.[1] })).filter((c): c is { t: number; rows: string } => c.rows !== undefined && c.rows !== '0');
    const changes = counts.filter((c, i) => i === 0 || c.rows !== counts[i - 1]!.rows);
    // Several distinct counts on the way (reported every 200 ms: how many depends on the machine's speed).
    expect(changes.length).toBeGreaterThanOrEqual(4);
    const rowGaps = changes.slice(1).map((c, i) => c.t - changes[i]!.t).slice(0, -1);
    expect(Math.max(...rowGaps), `row-count gaps (ms): ${rowGaps.map(Math.round).join(' ')}`).toBeLessThan(1000);
    expect(changes.some((c) => c.rows === '200,000')).toBe(true);
  });

  it('switches the UI to English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await expect.poll(() => page.locator('tr[data-channel=alipay] [data-field=agreed]').textContent()).toMatch(/\d/);
    await shot('09-dashboard-en');
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
