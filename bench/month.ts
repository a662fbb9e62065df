// The month in one figure (`npm run bench -- month`): in one child process, a fresh workspace imports
// a 1,000,000-row Alipay bill and the 1,000,000-row in-house export of the same orders (bench/data.ts),
// matches the period and reports it, as a clerk does at month end. Beside it, in another child of the
// same run, the floor: reading both files, decoding them with TextDecoder, splitting the lines and
// joining the two sides on the order id in a JavaScript Map. Then the re-run: matching and reporting
// the unchanged period again, against the first match and report.
// `node dist-node/bench/month.js child month|floor BILL INHOUSE` is a measured child.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installDir } from '../electron/cli/install-dir';
import { checkpointWorkspace, openWorkspace } from '../electron/engine/workspace/db';
import { saveChannel } from '../electron/engine/channels';
import { readFileShared } from '../electron/engine/import/file-bytes';
import { prewarmParseWorker } from '../electron/engine/import/parallel';
import { importFile } from '../electron/engine/import/pipeline';
import { saveProfile } from '../electron/engine/import/profiles';
import { runMatch } from '../electron/engine/match/run';
import { computeReport } from '../electron/engine/report';
import { dataDir, monthFiles } from './data';
import { measureInChild, printRow, reportFromChild } from './measure';

const PERIOD = '2026-10';
const RATIO_TARGET = 2;
const RERUN_TARGET = 1 / 3;

const seconds = (from: number) => Math.round(performance.now() - from) / 1000;

/** Imports one file as the CLI does: the parse worker started first, the file read into shared memory. */
function importOne(db: Parameters<typeof importFile>[0], path: string) {
  prewarmParseWorker(statSync(path).size);
  const summary = importFile(db, readFileShared(path), path.split('/').pop()!);
  return summary.accepted;
}

function childMonth(bill: string, inhouse: string): void {
  const wsPath = join(dataDir, `month-${process.pid}.sqlite`);
  for (const ext of ['', '-wal', '-shm']) rmSync(wsPath + ext, { force: true });
  const started = performance.now();
  const ws = openWorkspace(wsPath);
  try {
    saveChannel(ws.db, { id: 'alipay', name: '支付宝', aliases: ['支付宝'] });
    saveProfile(ws.db, JSON.parse(readFileSync(join(installDir(), 'demo', 'profiles', 'inhouse.json'), 'utf8')));
    let t = performance.now();
    const billRows = importOne(ws.db, bill);
    const billSeconds = seconds(t);
    t = performance.now();
    const inhouseRows = importOne(ws.db, inhouse);
    const inhouseSeconds = seconds(t);
    t = performance.now();
    const run = runMatch(ws.db, { period: PERIOD }).channels[0]!;
    const matchSeconds = seconds(t);
    t = performance.now();
    const report = computeReport(ws.db, { period: PERIOD }).channels[0]!;
    const reportSeconds = seconds(t);
    const ended = performance.now();
    console.log(`imported ${billRows} bill rows in ${billSeconds} s and ${inhouseRows} in-house orders in ${inhouseSeconds} s; match ${matchSeconds} s (${run.matchedPayments} payments matched, ${run.added} differences), report ${reportSeconds} s (agreed ${report.agreed}, disputed ${report.disputed})`);

    // The unchanged month matched and reported again (the next morning's job, a second click).
    t = performance.now();
    const again = runMatch(ws.db, { period: PERIOD }).channels[0]!;
    const againReport = computeReport(ws.db, { period: PERIOD }).channels[0]!;
    const rerunSeconds = seconds(t);
    if (again.unchanged !== run.added || againReport.agreed !== report.agreed) throw new Error(`the re-run disagrees with the first run: ${JSON.stringify(again)}`);
    checkpointWorkspace(ws.db);
    reportFromChild(started, { billSeconds, inhouseSeconds, matchReportSeconds: matchSeconds + reportSeconds, rerunSeconds, rows: billRows + inhouseRows }, ended);
  } finally {
    ws.db.close();
    for (const ext of ['', '-wal', '-shm']) rmSync(wsPath + ext, { force: true });
  }
}

/** The order id: the first field of an in-house line, the second of a bill line (which ends in a tab). */
function childFloor(bill: string, inhouse: string): void {
  const started = performance.now();
  const billLines = new TextDecoder('gbk').decode(readFileSync(bill)).split('\r\n');
  const inhouseLines = new TextDecoder('utf-8').decode(readFileSync(inhouse)).split('\r\n');
  const orders = new Map<string, number>();
  for (let i = 1; i < inhouseLines.length; i++) {
    const line = inhouseLines[i]!;
    orders.set(line.slice(0, line.indexOf(',')), i);
  }
  let joined = 0;
  for (const line of billLines) {
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    if (a > 0 && b > a && orders.has(line.slice(a + 1, b - 1))) joined++;
  }
  console.log(`floor: ${billLines.length} bill lines, ${inhouseLines.length} in-house lines, ${joined} bill rows joined to an order`);
  reportFromChild(started);
}

const [mode, sub, billArg, inhouseArg] = process.argv.slice(2);
if (mode === 'child' && sub === 'month') childMonth(billArg!, inhouseArg!);
else if (mode === 'child' && sub === 'floor') childFloor(billArg!, inhouseArg!);
else {
  const { bill, inhouse } = monthFiles();
  const self = fileURLToPath(import.meta.url);
  const mb = (p: string) => (statSync(p).size / 1048576).toFixed(0);
  console.log(`the month: bill ${mb(bill)} MB, in-house export ${mb(inhouse)} MB`);
  const floor = measureInChild('floor: read + decode + split + hash join', self, ['child', 'floor', bill, inhouse]);
  const month = measureInChild('the month: import both, match, report', self, ['child', 'month', bill, inhouse]);
  console.log(floor.output);
  console.log(month.output);
  printRow(floor.label, floor);
  printRow(month.label, month);
  const ratio = month.seconds / floor.seconds;
  const rerun = (month.rerunSeconds as number) / (month.matchReportSeconds as number);
  console.log(`${ratio <= RATIO_TARGET ? 'OK ' : 'MISS'} the month ÷ floor ${ratio.toFixed(2)}  target ≤ ${RATIO_TARGET}`);
  console.log(`${rerun <= RERUN_TARGET ? 'OK ' : 'MISS'} re-run ${String(month.rerunSeconds)} s ÷ first match + report ${(month.matchReportSeconds as number).toFixed(2)} s = ${rerun.toFixed(2)}  target ≤ 0.33`);
  if (ratio > RATIO_TARGET || rerun > RERUN_TARGET) process.exitCode = 1;
}
