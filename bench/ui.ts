// UI bench (issue 6): the reconcile view over 100,000 differences in browser mode, headless Chromium.
// Prints the time to first screen and how fast rows fill while scrolling, from the performance marks
// the view itself sets (renderer/src/screens/reconcile/DiffList.tsx MARKS), read with page.evaluate.
//
// `node --import tsx bench/ui.ts` runs the measurement in a child (bench/measure.ts) so the figures of
// one bench never include another's memory; the child is this same file with --child.
import { fileURLToPath } from 'node:url';
import type { ImportSummary } from '../shared/contract/import';
import { measureInChild, printRow, reportFromChild } from './measure';
import { refreshRecordRanges } from '../electron/engine/workspace/record-ranges';

const DIFFERENCES = 100_000;
const CHANNEL = 'bench';

/** The period the app opens on (store.defaultPeriod): the month before the current UTC month. */
function openingPeriod(now = new Date()): string {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

/** 100,000 channel-only differences, one channel row each, written straight into the workspace tables. */
async function fillWorkspace(path: string, period: string): Promise<void> {
  const { createWorkspace, writeTransaction } = await import('../electron/engine/workspace/db');
  const { saveChannel } = await import('../electron/engine/channels');
  const ws = createWorkspace(path);
  const db = ws.db;
  saveChannel(db, { id: CHANNEL, name: '压测渠道' });
  const [y, m] = period.split('-').map(Number) as [number, number];
  const start = Date.UTC(y, m - 1, 1) - 8 * 3600_000;
  const now = new Date().toISOString();
  // What the importer would have recorded for one bill of these rows (the dashboard reads it).
  const summary: ImportSummary = {
    fileId: 1, fileName: 'bench.csv', sha256: 'bench', profileId: 'bench', profileName: 'bench', side: 'channel', channelId: CHANNEL, container: 'csv', encoding: 'utf-8',
    table: 'bench.csv', rowsInFile: DIFFERENCES, dataRows: DIFFERENCES, accepted: DIFFERENCES, filtered: 0, alreadyPresent: 0, rejected: 0, skipped: 0,
    filteredByReason: {}, rejectedByReason: {}, skippedByReason: {}, payments: DIFFERENCES, refunds: 0, totals: [], periods: [period], footerChecked: false,
    warnings: [], importedAt: now, importedBy: 'bench',
  };
  writeTransaction(db, () => {
    const file = Number(db.prepare(`INSERT INTO source_files (sha256, file_name, side, channel_id, profile_id, container, encoding, size_bytes, rows_in_file, accepted, filtered,
      already_present, rejected, summary, imported_at, imported_by) VALUES ('bench', 'bench.csv', 'channel', ?, 'bench', 'csv', 'utf-8', 0, ?, ?, 0, 0, 0, ?, ?, 'bench')`)
      .run(CHANNEL, DIFFERENCES, DIFFERENCES, JSON.stringify(summary), now).lastInsertRowid);
    const run = Number(db.prepare("INSERT INTO match_runs (channel_id, period, ran_at, ran_by, summary) VALUES (?, ?, ?, 'bench', '{}')").run(CHANNEL, period, now).lastInsertRowid);
    const record = db.prepare(`INSERT INTO records (side, channel_id, kind, order_id, channel_txn_id, amount_minor, fee_minor, currency, status, occurred_at, period, natural_key, file_id, row_number)
      VALUES ('channel', ?, 'payment', ?, ?, ?, ?, 'CNY', 'SUCCESS', ?, ?, ?, ?, ?)`);
    const difference = db.prepare(`INSERT INTO differences (channel_id, period, diff_key, category, order_id, currency, channel_amount_minor, internal_amount_minor, difference_minor,
      channel_net_minor, occurred_at, first_run_id, last_run_id, created_at, updated_at) VALUES (?, ?, ?, 'channel_only', ?, 'CNY', ?, 0, ?, ?, ?, ?, ?, ?, ?)`);
    const link = db.prepare("INSERT INTO difference_records (difference_id, record_id, side) VALUES (?, ?, 'channel')");
    for (let i = 1; i <= DIFFERENCES; i++) {
      const order = `B${period.replace('-', '')}${String(i).padStart(8, '0')}`;
      const txn = `T${String(i).padStart(12, '0')}`;
      // Spread over the month, amounts 1.00 .. 9,999.99 in a fixed pattern (no randomness: same run, same figures).
      const at = start + Math.floor((i * 26_000_000) / DIFFERENCES) * 100;
      const amount = 100 + ((i * 7919) % 999_900);
      const fee = Math.floor(amount / 167);
      const r = Number(record.run(CHANNEL, order, txn, amount, fee, at, period, `bench-${i}`, file, i + 1).lastInsertRowid);
      const d = Number(difference.run(CHANNEL, period, `bench-${i}`, order, amount, amount, amount - fee, at, run, run, now, now).lastInsertRowid);
      link.run(d, r);
    }
    refreshRecordRanges(db, file);
  });
  db.close();
}

interface Figures {
  firstScreenMs: number;
  clickToRowsMs: number;
  jumpFills: number[];
  longestFrameMs: number;
  frames: number;
  blankFrames: number;
  pageHeapMb: number;
  rowsInDom: number;
  total: number;
}

async function child(): Promise<void> {
  const { startWorkbench } = await import('../test/e2e/workbench-harness');
  const period = openingPeriod();
  const wb = await startWorkbench((path) => fillWorkspace(path, period));
  const { page } = wb;
  try {
    const startedAt = performance.now();
    // The app opens on the dashboard; a clerk clicks 对账 once it has shown its figures, so the engine's
    // reader is not still busy with the dashboard's reports.
    await page.locator(`tr[data-channel=${CHANNEL}] [data-field=agreed]`, { hasText: /\d/ }).waitFor({ timeout: 60_000 });
    const clickAt = performance.now();
    await page.getByRole('navigation').getByRole('button', { name: '对账', exact: true }).click();
    await page.locator('.vrow[data-diff-id]').first().waitFor({ timeout: 60_000 });
    const clickToRowsMs = performance.now() - clickAt;
    await page.waitForFunction(() => performance.getEntriesByName('recon:first-screen').length > 0);
    const firstScreenMs = await page.evaluate(() => performance.getEntriesByName('recon:first-screen')[0]!.duration);
    const total = Number(await page.getByTestId('list-totals').locator('[data-field=count]', { hasText: /^\d+$/ }).innerText());

    await page.waitForFunction(() => !document.querySelector('.vlist .c-loading'));
    // A continuous scroll (a fast wheel: 4 rows a frame, ~240 rows a second) over 2,400 rows, counting
    // frames that showed rows still loading.
    const pass = await page.evaluate(async () => {
      const list = document.querySelector<HTMLElement>('.vlist')!;
      const frames: number[] = [];
      let blank = 0;
      let last = performance.now();
      const step = 4 * 28;
      for (let i = 0; i < 600; i++) {
        list.scrollTop += step;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        frames.push(now - last);
        last = now;
        if (list.querySelector('.c-loading')) blank++;
      }
      return { longest: Math.max(...frames), frames: frames.length, blank };
    });
    await page.waitForFunction(() => !document.querySelector('.vlist .c-loading'));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.evaluate(() => performance.clearMeasures('recon:scroll-fill'));

    // Jumps to far-apart positions (dragging the scroll bar), each waiting until its rows are filled.
    for (const at of [0.5, 0.1, 0.9, 0.25, 0.75, 0.33, 0.66, 0.05, 0.95, 0.5]) {
      await page.evaluate((share) => {
        const list = document.querySelector<HTMLElement>('.vlist')!;
        list.scrollTop = Math.floor((list.scrollHeight - list.clientHeight) * share);
      }, at);
      await page.waitForFunction(() => !document.querySelector('.vlist .c-loading'));
    }
    const fills = await page.evaluate(() => performance.getEntriesByName('recon:scroll-fill').map((e) => e.duration));
    const rowsInDom = await page.locator('.vrow').count();
    const cdp = await page.context().newCDPSession(page);
    const metrics = (await cdp.send('Performance.enable').then(() => cdp.send('Performance.getMetrics'))) as { metrics: { name: string; value: number }[] };
    const heap = metrics.metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? 0;
    const figures: Figures = {
      firstScreenMs, clickToRowsMs, total, rowsInDom,
      jumpFills: fills,
      longestFrameMs: pass.longest, frames: pass.frames, blankFrames: pass.blank, pageHeapMb: Math.round(heap / 1048576),
    };
    reportFromChild(startedAt, { ...figures });
  } finally {
    await wb.close();
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function parent(): void {
  const m = measureInChild(`ui: reconcile view, ${DIFFERENCES.toLocaleString('en-US')} differences`, fileURLToPath(import.meta.url), ['--child']) as ReturnType<typeof measureInChild> & Figures;
  if (m.total !== DIFFERENCES) throw new Error(`the list shows ${m.total} differences, expected ${DIFFERENCES}`);
  printRow('ui: first screen (perf mark, open → rows)', { seconds: m.firstScreenMs / 1000, peakRssMb: m.pageHeapMb }, { seconds: 0.3, mb: 200 });
  printRow('ui: click → first rows visible (wall)', { seconds: m.clickToRowsMs / 1000, peakRssMb: m.pageHeapMb });
  printRow('ui: scroll-bar jump, rows filled (p95 of 10)', { seconds: percentile(m.jumpFills, 95) / 1000, peakRssMb: m.pageHeapMb }, { seconds: 0.3, mb: 200 });
  printRow('ui: whole run incl. serve + engine (process)', { seconds: m.seconds, peakRssMb: m.peakRssMb });
  console.log(`    wheel scroll over 2,400 rows: ${m.frames} frames, longest ${m.longestFrameMs.toFixed(0)} ms, ${m.blankFrames} showed rows still loading (${((m.blankFrames * 100) / Math.max(1, m.frames)).toFixed(1)}%)`);
  console.log(`    jumps: ${m.jumpFills.length} fills, median ${percentile(m.jumpFills, 50).toFixed(0)} ms, max ${Math.max(...m.jumpFills).toFixed(0)} ms; rows in the DOM: ${m.rowsInDom}; page JS heap ${m.pageHeapMb} MB`);
}

if (process.argv.includes('--child')) await child();
else parent();
