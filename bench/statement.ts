// Statement export at scale: a channel period with 200,000 matched rows (plus a few hundred
// differences), exported as the 对账确认单 workbook in a child process. Target: < 6 s, < 400 MB peak.
// The workspace is built by direct SQL inserts (records, one match run, matches, differences) so that
// only the export is measured; the child re-reads nothing but what `exportStatement` reads itself.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveChannel } from '../electron/engine/channels';
import { exportStatement } from '../electron/engine/statement';
import { createWorkspace, openWorkspace, writeTransaction } from '../electron/engine/workspace/db';
import { wallClockToInstant } from '../shared/time';
import { measureInChild, printRow, reportFromChild } from './measure';
import { refreshRecordRanges } from '../electron/engine/workspace/record-ranges';

const ROWS = 200_000;
const DIFFERENCES = 500;
const PERIOD = '2026-10';

function build(path: string): void {
  const { db } = createWorkspace(path);
  saveChannel(db, { id: 'alipay', name: '支付宝', aliases: ['支付宝'] });
  const start = wallClockToInstant({ year: 2026, month: 10, day: 1, hour: 0, minute: 0, second: 0 }, 'Asia/Shanghai');
  const now = new Date().toISOString();
  writeTransaction(db, () => {
    const file = db.prepare(`INSERT INTO source_files (sha256, file_name, side, channel_id, profile_id, container, encoding, size_bytes, rows_in_file, accepted, filtered, already_present, rejected, summary, imported_at, imported_by)
      VALUES (?, ?, ?, ?, 'bench', 'csv', 'utf-8', 0, ?, ?, 0, 0, 0, '{}', ?, 'bench')`);
    const channelFile = Number(file.run('a'.repeat(64), 'alipay_202610.csv', 'channel', 'alipay', ROWS + DIFFERENCES, ROWS + DIFFERENCES, now).lastInsertRowid);
    const internalFile = Number(file.run('b'.repeat(64), 'inhouse_202610.csv', 'internal', null, ROWS, ROWS, now).lastInsertRowid);
    const run = Number(db.prepare("INSERT INTO match_runs (channel_id, period, ran_at, ran_by, summary) VALUES ('alipay', ?, ?, 'bench', '{}')").run(PERIOD, now).lastInsertRowid);
    const record = db.prepare(`INSERT INTO records (side, channel_id, kind, order_id, channel_txn_id, refund_id, amount_minor, fee_minor, refunded_minor, currency, status, occurred_at, period, natural_key, file_id, row_number)
      VALUES (?, 'alipay', 'payment', ?, ?, NULL, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?)`);
    const match = db.prepare('INSERT INTO matches (channel_record_id, internal_record_id, run_id) VALUES (?, ?, ?)');
    const diff = db.prepare(`INSERT INTO differences (channel_id, period, diff_key, category, order_id, currency, channel_amount_minor, internal_amount_minor, difference_minor, channel_net_minor, occurred_at, first_run_id, last_run_id, created_at, updated_at)
      VALUES ('alipay', ?, ?, 'channel_only', ?, 'CNY', ?, 0, ?, ?, ?, ?, ?, ?, ?)`);
    const diffRecord = db.prepare("INSERT INTO difference_records (difference_id, record_id, side) VALUES (?, ?, 'channel')");
    for (let i = 0; i < ROWS; i++) {
      const order = `G2026100${String(i).padStart(10, '0')}`;
      const txn = `2026100122001${String(i).padStart(15, '0')}`;
      const amount = 100 + ((i * 7919) % 99_900);
      const fee = Math.floor(amount * 6 / 1000);
      const at = start + (i % 2_592_000) * 1000;
      const c = Number(record.run('channel', order, txn, amount, fee, null, 'TRADE_SUCCESS', at, PERIOD, `c${i}`, channelFile, i + 6).lastInsertRowid);
      const n = Number(record.run('internal', order, txn, amount, 0, 0, '支付成功', at - 2000, PERIOD, `i${i}`, internalFile, i + 2).lastInsertRowid);
      match.run(c, n, run);
    }
    for (let i = 0; i < DIFFERENCES; i++) {
      const amount = 1000 + i;
      const c = Number(record.run('channel', `X${i}`, `9026100122001${String(i).padStart(15, '0')}`, amount, 6, null, 'TRADE_SUCCESS', start + i * 60_000, PERIOD, `x${i}`, channelFile, ROWS + i + 6).lastInsertRowid);
      const d = Number(diff.run(PERIOD, `channel_only:X${i}`, `X${i}`, amount, amount, amount - 6, start + i * 60_000, run, run, now, now).lastInsertRowid);
      diffRecord.run(d, c);
    }
    refreshRecordRanges(db, channelFile);
    refreshRecordRanges(db, internalFile);
  });
  db.close();
}

function child(path: string, out: string): void {
  const { db } = openWorkspace(path, { create: false });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = exportStatement(db, { channelId: 'alipay', period: PERIOD, outPath: out });
  const cpu = process.cpuUsage(cpu0);
  reportFromChild(t0, { cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000, matchedRows: r.matchedRows, differenceRows: r.differenceRows });
  db.close();
}

const [mode, wsPath, outPath] = process.argv.slice(2);
if (mode === 'child' && wsPath && outPath) {
  child(wsPath, outPath);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'recondesk-bench-statement-'));
  try {
    const ws = join(dir, 'bench.sqlite');
    const t0 = performance.now();
    build(ws);
    console.log(`built a workspace with ${ROWS} matched rows and ${DIFFERENCES} differences in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const out = join(dir, 'statement.xlsx');
    const m = measureInChild('export statement (200k detail rows)', fileURLToPath(import.meta.url), ['child', ws, out]);
    printRow(`${m.label}, ${(statSync(out).size / 1e6).toFixed(1)} MB`, m, { seconds: 6, mb: 400 });
    // Wall time on a shared machine includes waiting for a CPU; the CPU time shows the export's own cost.
    console.log(`    CPU time ${String(m.cpuSeconds)} s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs`);
    if (m.matchedRows !== ROWS || m.differenceRows !== DIFFERENCES) {
      console.log(`MISS rows written: ${String(m.matchedRows)} matched, ${String(m.differenceRows)} differences`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
