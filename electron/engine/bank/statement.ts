// A bank statement's rows read through a bank profile (side `bank`): the key/value preamble above the
// header (账号, 户名, 币种, 起止日期) and each data row as time, direction, amount, balance,
// counterparty, remark and serial number. Pure: the same cells always give the same row.
import type { AmountField, BankFields, Profile, TextField } from '../../../shared/profile';
import { currencyExponent, parseMoney, type MoneyError } from '../../../shared/money';
import { badValue, HeaderIndex, missingColumn, type RowNormaliser } from '../import/mapping';
import { cellValue, DEFAULT_EMPTY_VALUES, EmptyValues, parseTime, plainDecimalToMinor, type CellValue } from '../import/normalize';
import { rowTexts } from '../import/layout';
import type { RawCell, SourceRow } from '../import/source';

export type Direction = 'in' | 'out';

export interface BankRow {
  /** Epoch milliseconds. */
  occurredAt: number;
  direction: Direction;
  /** Positive minor units. */
  amountMinor: number;
  /** Balance after the row; null when the statement has no balance column. */
  balanceMinor: number | null;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  counterpartyBank: string | null;
  remark: string | null;
  serialNo: string | null;
  /** Serial number, or time + direction + amount + balance when the bank gives none. */
  naturalKey: string;
}

/** What the rows above the header say about the statement. */
export interface StatementPreamble {
  accountNo: string | null;
  accountName: string | null;
  currency: string | null;
  /** YYYY-MM-DD. */
  from: string | null;
  to: string | null;
}

/** Currency names banks write instead of ISO codes. */
const CURRENCY_NAMES: Record<string, string> = {
  人民币: 'CNY', 人民币元: 'CNY', RMB: 'CNY', 本币: 'CNY', 美元: 'USD', 美金: 'USD', 港币: 'HKD', 港元: 'HKD', 欧元: 'EUR', 日元: 'JPY', 英镑: 'GBP',
};

export function currencyCode(text: string): string | null {
  const t = text.trim().replace(/[（(].*$/, '');
  if (CURRENCY_NAMES[t]) return CURRENCY_NAMES[t]!;
  return /^[A-Za-z]{3}$/.test(t) ? t.toUpperCase() : null;
}

const LABEL_END = /[:：\s]+$/;

/** `20261001`, `2026-10-01`, `2026/10/1`, `2026年10月1日` → `2026-10-01`. */
export function isoDay(text: string): string | null {
  const m = /(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*[-/.月]?\s*(\d{1,2})/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Reads key/value rows: a label cell (`账号：` or `账号`) followed by its value in the next filled cell,
 * or both in one cell (`账号:755912345610001`). A row may hold several pairs (`起始日期 … 终止日期 …`).
 */
export function readPreamble(rows: SourceRow[], labels: BankFields['preamble']): StatementPreamble {
  const values = new Map<string, string>();
  for (const row of rows) {
    const texts = rowTexts(row);
    for (let i = 0; i < texts.length; i++) {
      const cell = texts[i]!.trim();
      if (cell === '') continue;
      const inline = /^([^:：]{1,12})[:：]\s*(.+)$/.exec(cell);
      if (inline) {
        if (!values.has(inline[1]!.trim())) values.set(inline[1]!.trim(), inline[2]!.trim());
        continue;
      }
      const label = cell.replace(LABEL_END, '');
      let j = i + 1;
      while (j < texts.length && texts[j]!.trim() === '') j++;
      if (j < texts.length && !values.has(label)) {
        values.set(label, texts[j]!.trim());
        i = j;
      }
    }
  }
  const pick = (names: string[]): string | null => {
    for (const n of names) {
      const v = values.get(n);
      if (v !== undefined && v !== '') return v;
    }
    return null;
  };
  const period = pick(labels.period);
  const days = period ? [...period.matchAll(/\d{4}\s*[-/.年]?\s*\d{1,2}\s*[-/.月]?\s*\d{1,2}/g)].map((m) => isoDay(m[0])) : [];
  const from = pick(labels.from);
  const to = pick(labels.to);
  const currency = pick(labels.currency);
  return {
    accountNo: pick(labels.account)?.replace(/[\s'"`\t]/g, '') ?? null,
    accountName: pick(labels.name),
    currency: currency === null ? null : currencyCode(currency),
    from: (from ? isoDay(from) : null) ?? days[0] ?? null,
    to: (to ? isoDay(to) : null) ?? days[1] ?? null,
  };
}

const MONEY_REASONS: Record<MoneyError, [string, string]> = {
  empty: ['金额为空', 'the amount is empty'],
  not_a_number: ['不是数字', 'not a number'],
  scientific: ['科学计数法不能作为金额', 'scientific notation is not an amount'],
  percent: ['百分比不能作为金额', 'a percentage is not an amount'],
  too_many_decimals: ['小数位数超过币种允许的位数', 'more decimals than the currency allows'],
  too_large: ['金额过大', 'amount too large'],
  bad_grouping: ['千分位分隔符位置不对', 'thousands separators in the wrong places'],
};

export interface BankMappingContext {
  fileName: string;
  /** Zone of the statement's wall-clock times (the workspace zone unless the profile names one). */
  timeZone: string;
  currency: string;
  date1904: boolean;
}

export type BankRowReader = (cells: RawCell[], rowNumber: number) => BankRow;

/** Compiles a bank profile against the header row; fails when a mapped column is missing. */
export function compileBankMapping(profile: Profile, header: string[], ctx: BankMappingContext): BankRowReader {
  const f = profile.bankFields!;
  const index = new HeaderIndex(header);
  const need = (h: TextField['from']) => {
    const c = index.find(h);
    if (!c) throw missingColumn(ctx.fileName, profile.id, h, header);
    return c;
  };
  type Col = ReturnType<typeof need>;
  const optional = (h: TextField['from'] | undefined): Col | null => (h === undefined ? null : need(h));
  const empties = new EmptyValues(profile.emptyValues ?? DEFAULT_EMPTY_VALUES);
  const value = (cells: RawCell[], c: Col): CellValue => cellValue(cells[c.index], empties);
  const exponent = currencyExponent(ctx.currency);
  const bad = (row: number, c: Col, v: CellValue) => badValue(ctx, row, c.label, v.text, '错误单元格或没有计算结果的公式', 'an error cell or a formula without a value');

  const money = (cells: RawCell[], row: number, c: Col, spec: AmountField, required: boolean): number | null => {
    const v = value(cells, c);
    if (v.kind === 'bad') throw bad(row, c, v);
    if (v.text === '') {
      if (!required || spec.emptyIsZero) return spec.emptyIsZero ? 0 : null;
      throw badValue(ctx, row, c.label, '', ...MONEY_REASONS.empty);
    }
    const e = spec.unit === 'fen' ? 0 : exponent;
    const fast = plainDecimalToMinor(v.text, e);
    if (fast !== null) return fast;
    const r = parseMoney(v.text, { exponent: e, rounding: spec.rounding });
    if (!r.ok) throw badValue(ctx, row, c.label, v.text, ...MONEY_REASONS[r.reason]);
    return r.minor;
  };

  const text = (field: TextField | undefined) => {
    if (!field) return null;
    const col = need(field.from);
    const fallback = optional(field.fallback);
    const re = field.extract ? new RegExp(field.extract, 'u') : null;
    return (cells: RawCell[], row: number): string | null => {
      let c = col;
      let v = value(cells, col);
      if (v.text === '' && fallback) {
        c = fallback;
        v = value(cells, fallback);
      }
      if (v.kind === 'bad') throw bad(row, c, v);
      let t = v.text.trim();
      if (re && t !== '') {
        const m = re.exec(t);
        t = m ? (m[1] ?? m[0]) : '';
      }
      return t === '' ? null : t;
    };
  };

  const amount = f.amount;
  const from = optional(amount.from);
  const credit = optional(amount.credit);
  const debit = optional(amount.debit);
  const dir = f.direction ? { col: need(f.direction.from), in: new Set(f.direction.in), out: new Set(f.direction.out) } : null;
  const balanceCol = f.balance ? need(f.balance.from ?? f.balance.credit!) : null;
  const timeCol = need(f.time.from);
  const todCol = optional(f.time.timeFrom);
  const timeFallback = optional(f.time.fallback);
  const zone = f.time.timeZone ?? ctx.timeZone;
  const name = text(f.counterpartyName);
  const account = text(f.counterpartyAccount);
  const bank = text(f.counterpartyBank);
  const remarks = (f.remark ?? []).map((r) => text(r)!);
  const serial = text(f.serial);

  return (cells, row) => {
    // Signed: + money in, − money out.
    let signed: number;
    if (from) {
      signed = money(cells, row, from, amount, true)!;
      if (amount.sign === 'negate') signed = -signed;
      if (dir) {
        const d = value(cells, dir.col).text;
        const isIn = dir.in.has(d);
        if (!isIn && !dir.out.has(d)) {
          throw badValue(ctx, row, dir.col.label, d, `不认识的收付方向，模板只认 ${[...dir.in, ...dir.out].join('、')}`, `unknown direction; the profile knows ${[...dir.in, ...dir.out].join(', ')}`);
        }
        signed = isIn ? Math.abs(signed) : -Math.abs(signed);
      }
    } else {
      const cr = credit ? money(cells, row, credit, amount, false) : null;
      const dr = debit ? money(cells, row, debit, amount, false) : null;
      const crSet = cr !== null && cr !== 0;
      const drSet = dr !== null && dr !== 0;
      if (crSet && drSet) {
        throw badValue(ctx, row, `${credit!.label}/${debit!.label}`, `${cr}/${dr}`, '借方和贷方两列都有金额', 'both the debit and the credit column hold an amount');
      }
      if (!crSet && !drSet) {
        throw badValue(ctx, row, `${credit?.label ?? ''}/${debit?.label ?? ''}`, '', '借方和贷方都没有金额', 'neither the debit nor the credit column holds an amount');
      }
      signed = drSet ? -Math.abs(dr!) : Math.abs(cr!);
    }
    const balanceMinor = balanceCol ? money(cells, row, balanceCol, f.balance!, true) : null;

    let tc = timeCol;
    let tv = value(cells, timeCol);
    if (tv.text === '' && timeFallback) {
      tc = timeFallback;
      tv = value(cells, timeFallback);
    }
    // Bank xlsx exports keep 交易日 as the number 20261011; that is a date written yyyyMMdd, not an Excel serial.
    if (tv.kind === 'number' && /^(19|20)\d{6}$/.test(tv.text)) tv = { kind: 'text', text: tv.text };
    const tod = todCol ? value(cells, todCol) : null;
    const t = tv.kind === 'bad' ? { ok: false as const } : parseTime(tv, tod !== null && tod.text !== '' ? tod : null, zone, ctx.date1904);
    if (!t.ok) {
      throw badValue(ctx, row, tc.label, tod ? `${tv.text} ${tod.text}` : tv.text, '不是可识别的日期时间（如 2026-10-01 12:00:00）', 'not a recognisable date and time (like 2026-10-01 12:00:00)');
    }
    let remark: string | null = null;
    for (const read of remarks) {
      const part = read(cells, row);
      if (part !== null && part !== remark && !(remark ?? '').split(' / ').includes(part)) remark = remark === null ? part : `${remark} / ${part}`;
    }
    const serialNo = serial ? serial(cells, row) : null;
    const direction: Direction = signed < 0 ? 'out' : 'in';
    const amountMinor = Math.abs(signed);
    return {
      occurredAt: t.instant,
      direction,
      amountMinor,
      balanceMinor,
      counterpartyName: name ? name(cells, row) : null,
      counterpartyAccount: account ? account(cells, row)?.replace(/[\s'"`]/g, '') ?? null : null,
      counterpartyBank: bank ? bank(cells, row) : null,
      remark,
      serialNo,
      naturalKey: serialNo !== null ? `s|${serialNo}` : `t|${t.instant}|${direction}|${amountMinor}|${balanceMinor ?? ''}`,
    };
  };
}

/**
 * The mapping wizard shows a bank row in its record preview: money in as a payment, money out as a
 * refund, the serial number as the transaction id, the counterparty as account, the remark as memo.
 */
export function bankPreviewNormaliser(profile: Profile, header: string[], ctx: BankMappingContext): RowNormaliser {
  const read = compileBankMapping(profile, header, ctx);
  return (cells, rowNumber) => {
    const r = read(cells, rowNumber);
    return {
      type: 'record',
      record: {
        channelId: '', kind: r.direction === 'in' ? 'payment' : 'refund', orderId: null, channelTxnId: r.serialNo, refundId: null, amountMinor: r.amountMinor,
        feeMinor: 0, refundedMinor: null, currency: ctx.currency, status: r.counterpartyName, occurredAt: r.occurredAt, period: '',
        account: r.counterpartyAccount, memo: r.remark, naturalKey: r.naturalKey,
      },
    };
  };
}
