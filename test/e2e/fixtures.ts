// Files the end-to-end tests upload besides demo/samples: a bill in a layout no built-in profile knows
// (云闪付-style, with a title, a key/value line and a 合计 row), a broken copy of it, and junk bytes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CUSTOM_HEADER = ['商家订单号', '交易流水', '交易时间', '交易类型', '金额(元)', '手续费(元)', '状态'];

export interface CustomBill {
  path: string;
  payments: number;
  refunds: number;
  /** Physical line of the broken cell (1-based), when there is one. */
  badLine?: number;
}

/** `rows` data rows in 2026-MM; every 25th row is a refund. Amounts are written as text, never computed with floats. */
export function writeCustomBill(dir: string, name: string, rows: number, options: { month?: string; badAt?: number; prefix?: string } = {}): CustomBill {
  const month = options.month ?? '09';
  const prefix = options.prefix ?? 'U';
  const lines = ['云闪付商户对账单', `商户号：898310000000001,账期：2026-${month}`, '', CUSTOM_HEADER.join(',')];
  let payments = 0;
  let refunds = 0;
  let badLine: number | undefined;
  for (let i = 1; i <= rows; i++) {
    const refund = i % 25 === 0;
    const day = String(1 + (i % 28)).padStart(2, '0');
    const sec = String(i % 60).padStart(2, '0');
    const yuan = 10 + (i % 990);
    const amount = options.badAt === i ? '12.3.4' : `${yuan}.${String(i % 100).padStart(2, '0')}`;
    if (options.badAt === i) badLine = lines.length + 1;
    const fee = `0.${String(6 + (i % 90)).padStart(2, '0')}`;
    lines.push([`${prefix}2026${month}${String(i).padStart(7, '0')}`, `UP${month}${String(i).padStart(10, '0')}`, `2026-${month}-${day} 10:${String(i % 60).padStart(2, '0')}:${sec}`, refund ? '退款' : '消费', amount, fee, '成功'].join(','));
    if (refund) refunds++;
    else payments++;
  }
  lines.push(`合计,,,,,,${rows}笔`);
  const path = join(dir, name);
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return { path, payments, refunds, badLine };
}

export function writeJunk(dir: string, name: string): string {
  const path = join(dir, name);
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 73 + 11) % 256;
  writeFileSync(path, bytes);
  return path;
}
