// Risk screening at scale: 1,000,000 channel payments and their 1,000,000 in-house orders, imported
// from real CSV files through profiles that map the risk identifiers (order IP in the in-house export;
// pay IP, masked card and device in the bill), then every rule screened with a 10,000-entry blacklist.
// The screening is timed in a child process (time and peak RSS).
//   node --import tsx bench/risk.ts            build, then measure
//   node --import tsx bench/risk.ts child FILE (the measured child)
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveChannel } from '../electron/engine/channels';
import { importFile } from '../electron/engine/import/pipeline';
import { saveProfile } from '../electron/engine/import/profiles';
import { addBlacklistEntries } from '../electron/engine/risk/blacklist';
import { screenPeriod } from '../electron/engine/risk/screen';
import { createWorkspace, openWorkspace, writeTransaction } from '../electron/engine/workspace/db';
import { measureInChild, printRow, reportFromChild } from './measure';

const here = dirname(fileURLToPath(import.meta.url));
const PAYMENTS = 1_000_000;
const CHANNEL = 'riskbench';
const TARGET = { seconds: 2, mb: 500 };

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const card = (i: number) => `62220${i % 7}******${pad(i % 9973, 4)}`;
const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
/** Spread over October (Asia/Shanghai): about 2.7 s apart. */
const time = (i: number) => {
  const s = Math.floor((i * 2678) / 1000);
  const day = 1 + Math.floor(s / 86400);
  const r = s % 86400;
  return `2026-10-${pad(day, 2)} ${pad(Math.floor(r / 3600), 2)}:${pad(Math.floor((r % 3600) / 60), 2)}:${pad(r % 60, 2)}`;
};
/** Mostly 1.00–999.99; every 500th 0.50 (small); every 10,000th 6,000.00 (over the limit). */
const amount = (i: number) => (i % 10_000 === 0 ? '6000.00' : i % 500 === 0 ? '0.50' : `${1 + ((i * 7919) % 999)}.${pad(i % 100, 2)}`);

function bills(): { channel: string; inhouse: string } {
  const channel: string[] = ['商户订单号,交易流水号,交易类型,金额,完成时间,付款卡号,支付IP,设备号'];
  const inhouse: string[] = ['订单号,渠道,订单金额,订单状态,支付时间,下单IP,玩家ID'];
  for (let i = 1; i <= PAYMENTS; i++) {
    const order = `R${pad(i, 9)}`;
    // One order in a thousand is paid from another IP than it was placed from.
    channel.push(`${order},T${i},支付,${amount(i)},${time(i)},${card(i)},${ip(i % 1000 === 0 ? i + 7 : i)},D${i % 300_000}`);
    inhouse.push(`${order},风控压测,${amount(i)},支付成功,${time(i)},${ip(i)},P${i % 400_000}`);
  }
  return { channel: channel.join('\n') + '\n', inhouse: inhouse.join('\n') + '\n' };
}

function build(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const { db } = createWorkspace(path);
  saveChannel(db, { id: CHANNEL, name: '风控压测', aliases: ['风控压测'] });
  saveProfile(db, {
    id: 'riskbench', name: 'risk bench bill', side: 'channel', channelId: CHANNEL,
    detect: { headers: ['商户订单号', '交易流水号', '交易类型', '金额', '完成时间', '支付IP'] },
    fields: { orderId: { from: '商户订单号' }, channelTxnId: { from: '交易流水号' }, kind: { from: '交易类型', map: { 支付: 'payment' } }, amount: { from: '金额' }, time: { from: '完成时间' } },
    risk: { payIp: '支付IP', card: '付款卡号', device: '设备号' },
  });
  saveProfile(db, {
    id: 'riskbench-inhouse', name: 'risk bench in-house', side: 'internal',
    detect: { headers: ['订单号', '渠道', '订单金额', '订单状态', '支付时间', '下单IP'] },
    fields: { orderId: { from: '订单号' }, channel: { from: '渠道' }, kind: { value: 'payment' }, amount: { from: '订单金额' }, status: { from: '订单状态' }, time: { from: '支付时间' }, account: { from: '玩家ID' } },
    naturalKey: ['orderId'],
    risk: { orderIp: '下单IP', user: '玩家ID' },
  });
  const b = bills();
  importFile(db, Buffer.from(b.inhouse), 'riskbench_orders.csv');
  importFile(db, Buffer.from(b.channel), 'riskbench_bill.csv');
  writeTransaction(db, () => addBlacklistEntries(db, Array.from({ length: 10_000 }, (_, k) => ({
    type: k % 2 === 0 ? 'card' as const : 'ip' as const,
    value: k % 2 === 0 ? `62220${k % 7}******${pad((k * 31) % 9973, 4)}` : `172.16.${(k >> 8) & 255}.${k & 255}`,
    reason: 'bench', source: 'bench',
  }))));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

function child(path: string): void {
  const { db } = openWorkspace(path);
  const started = performance.now();
  const r = screenPeriod(db, { period: '2026-10', channelId: CHANNEL }).channels[0]!;
  console.log(`screened ${r.screened} records, ${r.hits} hits: ${JSON.stringify(r.byRule)}`);
  reportFromChild(started);
  db.close();
}

const [mode, file] = process.argv.slice(2);
if (mode === 'child') child(file!);
else if (mode === 'build') build(file!);
else {
  const dir = join(here, '.data');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'risk.sqlite');
  const t0 = performance.now();
  if (!process.env.KEEP || !existsSync(path)) build(path);
  console.log(`built and imported ${PAYMENTS.toLocaleString('en')} payments per side in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const script = fileURLToPath(import.meta.url);
  const first = measureInChild('risk screening, every rule (1M payments)', script, ['child', path]);
  console.log(first.output);
  const again = measureInChild('risk screening, re-screen (same hits kept)', script, ['child', path]);
  printRow(first.label, first, TARGET);
  printRow(again.label, again, TARGET);
  if (!process.env.KEEP) rmSync(path, { force: true });
  if (first.seconds > TARGET.seconds || first.peakRssMb > TARGET.mb) process.exitCode = 1;
}
