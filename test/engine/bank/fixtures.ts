// Bank statements written by the tests in two layouts: 招商银行 企业网银 (key/value preamble, split
// 借方金额/贷方金额 columns, the built-in profile) and an ICBC-style export with one amount column and a
// 借贷标志 flag, read through a workspace profile. Balances are computed so the rows chain.
import type { ProfileInput } from '../../../shared/profile';
import { minorToDecimal } from '../../../shared/money';

export const ACCOUNT = '755912345610001';
export const ICBC_ACCOUNT = '4000023409200123456';

export interface TxnSpec {
  /** 'YYYY-MM-DD HH:mm:ss' */
  at: string;
  /** Positive: money in; negative: money out. Minor units. */
  amount: number;
  name?: string;
  account?: string;
  remark?: string;
  serial?: string;
}

const yuan = (m: number) => minorToDecimal(m, 2);

/** Rows with balances from `opening`; returns the rows and the closing balance. */
export function chain(opening: number, txns: TxnSpec[]): { rows: (TxnSpec & { balance: number })[]; closing: number } {
  let b = opening;
  const rows = txns.map((t) => {
    b += t.amount;
    return { ...t, balance: b };
  });
  return { rows, closing: b };
}

/** 招商银行 交易明细 CSV: title, key/value rows, blank, header, rows, a 合计 row. */
export function cmbCsv(rows: (TxnSpec & { balance: number })[], opts: { account?: string; from?: string; to?: string; currency?: string } = {}): Buffer {
  const lines = [
    '招商银行交易明细',
    `账号：,${opts.account ?? ACCOUNT}`,
    '账号名称：,深圳某某科技有限公司',
    `币种：,${opts.currency ?? '人民币'}`,
    `起始日期：,${opts.from ?? '20261001'},终止日期：,${opts.to ?? '20261031'}`,
    '',
    '交易日,交易时间,起息日,交易类型,借方金额,贷方金额,余额,摘要,流水号,用途,收(付)方名称,收(付)方帐号,收(付)方开户行名',
  ];
  let out = 0;
  let inn = 0;
  for (const r of rows) {
    const [d, t] = r.at.split(' ') as [string, string];
    const day = d.replaceAll('-', '');
    if (r.amount < 0) out += -r.amount;
    else inn += r.amount;
    lines.push([day, t, day, r.amount < 0 ? 'PAY' : 'RCV', r.amount < 0 ? yuan(-r.amount) : '', r.amount >= 0 ? yuan(r.amount) : '', yuan(r.balance),
      r.amount < 0 ? '转账支出' : '转账收入', r.serial ?? '', r.remark ?? '', r.name ?? '', r.account ?? '', r.name ? '某某银行' : ''].map(csvCell).join(','));
  }
  lines.push(['合计', '', '', '', yuan(out), yuan(inn), '', '', '', '', '', '', ''].join(','));
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** ICBC-style: no preamble, one amount column and a 借贷标志 column, newest row first. */
export function icbcCsv(rows: (TxnSpec & { balance: number })[]): Buffer {
  const lines = ['对方账号,交易时间,借贷标志,对方单位,对方行号,用途,摘要,附言,发生额,余额,币种'];
  for (const r of [...rows].reverse()) {
    lines.push([r.account ?? '', r.at, r.amount < 0 ? '借' : '贷', r.name ?? '', '102100099996', r.remark ?? '', '转账', '', yuan(Math.abs(r.amount)), yuan(r.balance), '人民币'].map(csvCell).join(','));
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

export const icbcProfile: Omit<ProfileInput, 'fields'> = {
  id: 'icbc-flag',
  name: '工商银行 借贷标志',
  side: 'bank',
  detect: { headers: ['对方账号', '交易时间', '借贷标志', '发生额', '余额'] },
  bankFields: {
    time: { from: '交易时间' },
    amount: { from: '发生额' },
    direction: { from: '借贷标志', in: ['贷'], out: ['借'] },
    balance: { from: '余额', sign: 'as-is' },
    counterpartyName: { from: '对方单位' },
    counterpartyAccount: { from: '对方账号' },
    remark: [{ from: '用途' }, { from: '附言' }],
  },
};
