// Receipts at scale: a 200,000-row bank statement (CMB corporate CSV: 10,000 channel settlements, the
// rest payouts and receipts from unknown payers) imported into an account and matched against 10,000
// receivables (500 channels × 20 closed periods). Measured together in a child process: the import
// through the pipeline and the receivables overview (allocation, statuses, aging, 待认领, continuity).
// Target: < 3 s and < 400 MB peak.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveAccount } from '../electron/engine/bank/accounts';
import { readFileShared } from '../electron/engine/import/file-bytes';
import { importBankFile } from '../electron/engine/import/pipeline';
import { receivablesOverview } from '../electron/engine/receivables/index';
import { openWorkspace, writeTransaction } from '../electron/engine/workspace/db';
import { minorToDecimal } from '../shared/money';
import { measureInChild, printRow, reportFromChild } from './measure';

const ROWS = 200_000;
const CHANNELS = 500;
const PERIODS = 20;
const ACCOUNT = '755912345610001';
/** A busy settlement account: a quarter's statement, a row every 40 seconds. */
const ROW_SECONDS = 40;

const periodOf = (i: number) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const agreedOf = (c: number, p: number) => 100_000 + ((c * 7919 + p * 104_729) % 9_900_000);
const payerOf = (c: number) => `渠道结算${String(c).padStart(3, '0')}科技有限公司`;

function build(path: string, file: string): void {
  const { db } = openWorkspace(path);
  saveAccount(db, { accountNo: ACCOUNT, bank: '招商银行', name: '深圳某某科技有限公司', currency: 'CNY' });
  const now = new Date().toISOString();
  writeTransaction(db, () => {
    const channel = db.prepare("INSERT INTO channels (id, name, created_at) VALUES (?, ?, ?)");
    const settings = db.prepare("INSERT INTO receipt_settings (channel_id, payer_names, payer_accounts, updated_at) VALUES (?, ?, ?, ?)");
    const closed = db.prepare("INSERT INTO closed_periods (channel_id, period, closed_at, closed_by, note, figures) VALUES (?, ?, ?, 'bench', NULL, ?)");
    for (let c = 0; c < CHANNELS; c++) {
      const id = `ch${String(c).padStart(3, '0')}`;
      channel.run(id, `渠道${c}`, now);
      settings.run(id, JSON.stringify([payerOf(c)]), JSON.stringify([`62${String(c).padStart(14, '0')}`]), now);
      for (let p = 0; p < PERIODS; p++) closed.run(id, periodOf(p), `${periodOf(p)}-28T02:00:00.000Z`, JSON.stringify({ agreed: agreedOf(c, p) }));
    }
  });
  db.close();

  // One settlement per receivable, spread over the statement; the other rows are payouts and receipts
  // from people no channel lists.
  const lines = ['招商银行交易明细', `账号：,${ACCOUNT}`, '账号名称：,深圳某某科技有限公司', '币种：,人民币', '起始日期：,20250101,终止日期：,20270131', '',
    '交易日,交易时间,起息日,交易类型,借方金额,贷方金额,余额,摘要,流水号,用途,收(付)方名称,收(付)方帐号,收(付)方开户行名'];
  let balance = 1_000_000_000;
  const every = ROWS / (CHANNELS * PERIODS);
  const start = Date.UTC(2025, 1, 11);
  for (let i = 0; i < ROWS; i++) {
    const t = new Date(start + i * ROW_SECONDS * 1000);
    const day = t.toISOString().slice(0, 10).replaceAll('-', '');
    const time = t.toISOString().slice(11, 19);
    let amount: number;
    let name: string;
    let account: string;
    let remark = '';
    if (i % every === 0) {
      const k = i / every;
      const p = Math.floor(k / CHANNELS);
      const c = k % CHANNELS;
      amount = agreedOf(c, p);
      name = payerOf(c);
      account = `62${String(c).padStart(14, '0')}`;
      if (k % 3 === 0) remark = `${periodOf(p)}结算款`;
    } else if (i % 4 === 1) {
      amount = 1_000 + (i % 50_000);
      name = `客户${i % 9_973}`;
      account = `6222${String(i % 9_973).padStart(12, '0')}`;
    } else {
      amount = -(500 + (i % 20_000));
      name = `供应商${i % 997}`;
      account = `6228${String(i % 997).padStart(12, '0')}`;
    }
    balance += amount;
    lines.push([day, time, day, amount < 0 ? 'PAY' : 'RCV', amount < 0 ? minorToDecimal(-amount, 2) : '', amount > 0 ? minorToDecimal(amount, 2) : '', minorToDecimal(balance, 2),
      amount < 0 ? '转账支出' : '转账收入', `B${String(i).padStart(9, '0')}`, remark, name, account, '某某银行'].join(','));
  }
  writeFileSync(file, lines.join('\r\n') + '\r\n');
}

function child(path: string, file: string): void {
  const { db } = openWorkspace(path, { create: false });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const s = importBankFile(db, readFileShared(file), 'cmb_bench.csv');
  const imported = performance.now();
  const o = receivablesOverview(db, { asOf: '2027-02-01' });
  const cpu = process.cpuUsage(cpu0);
  reportFromChild(t0, {
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000, importSeconds: Math.round(imported - t0) / 1000,
    accepted: s.accepted, receivables: o.receivables.length, paid: o.receivables.filter((r) => r.status === 'paid').length, unclaimed: o.unclaimedCount,
    breaks: o.continuity.length,
  });
  db.close();
}

const [mode, wsPath, filePath] = process.argv.slice(2);
if (mode === 'child' && wsPath && filePath) {
  child(wsPath, filePath);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'recondesk-bench-receivables-'));
  try {
    const ws = join(dir, 'bench.sqlite');
    const file = join(dir, 'cmb_bench.csv');
    const t0 = performance.now();
    build(ws, file);
    console.log(`built ${CHANNELS * PERIODS} receivables and a ${ROWS}-row statement (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const m = measureInChild('bank statement import (200k rows) + 10k receivables', fileURLToPath(import.meta.url), ['child', ws, file]);
    printRow(m.label, m, { seconds: 3, mb: 400 });
    console.log(`    import ${String(m.importSeconds)} s; CPU time ${String(m.cpuSeconds)} s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs`);
    console.log(`    ${String(m.accepted)} rows stored, ${String(m.paid)} of ${String(m.receivables)} receivables paid, ${String(m.unclaimed)} unidentified receipts, ${String(m.breaks)} balance breaks`);
    if (m.accepted !== ROWS || m.paid !== CHANNELS * PERIODS || m.breaks !== 0) {
      console.log('MISS figures: every row stored, every receivable paid, no balance break expected');
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
