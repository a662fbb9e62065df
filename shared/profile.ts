// An import profile (导入模板) says how to read one kind of bill: how to recognise it, where its header
// and data are, which column feeds which record field, how values are cleaned, which rows are left
// out, and which key recognises a row delivered twice. Profiles are data (JSON), validated here, so a
// team can share them and the UI's mapping wizard can build them.
import { z } from 'zod';

/** One or more header names; the first one present in the file is used (header synonyms). */
export const headerNames = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
export type HeaderNames = z.infer<typeof headerNames>;

const regexSource = z.string().min(1).refine((s) => {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/** A text field: a column, optionally a regular expression whose first group is the value. */
export const textField = z.object({
  from: headerNames,
  /** e.g. `Order ID: (\S+)` to take Stripe's order id out of Description. */
  extract: regexSource.optional(),
  /** Read the value from these columns when the main column is empty (in-house 支付时间 → 下单时间). */
  fallback: headerNames.optional(),
}).strict();
export type TextField = z.infer<typeof textField>;

export const amountField = z.object({
  /** Signed amount column. Leave out when `credit`/`debit` are given. */
  from: headerNames.optional(),
  /** Column with the amount of refund rows when they carry it elsewhere (WeChat 退款金额). */
  refundFrom: headerNames.optional(),
  /** Separate columns: credit (money in, e.g. 收入金额) and debit (money out, e.g. 支出金额). */
  credit: headerNames.optional(),
  debit: headerNames.optional(),
  /** `yuan`: major units with decimals (the currency's exponent); `fen`: integer minor units. */
  unit: z.enum(['yuan', 'fen']).default('yuan'),
  /** abs: store the absolute value; as-is: keep the sign; negate: flip it. */
  sign: z.enum(['abs', 'as-is', 'negate']).default('abs'),
  /** More decimals than the currency has (WeChat's 5-decimal fees): reject, or round. */
  rounding: z.enum(['reject', 'half-up', 'half-even']).default('reject'),
  /** An empty cell means 0 (fees) instead of an error. */
  emptyIsZero: z.boolean().default(false),
}).strict().refine((a) => a.from !== undefined || a.credit !== undefined || a.debit !== undefined, 'needs from, or credit/debit');
export type AmountField = z.infer<typeof amountField>;

const recordKind = z.enum(['payment', 'refund']);

export const kindField = z.union([
  /** Every row has this kind (the in-house export lists orders). */
  z.object({ value: recordKind }).strict(),
  /** A column whose values map to kinds (业务类型: 交易 → payment, 退款 → refund). */
  z.object({ from: headerNames, map: z.record(z.string(), recordKind), default: recordKind.optional() }).strict(),
  /** Negative amounts are refunds. */
  z.object({ bySign: z.literal(true) }).strict(),
]);
export type KindField = z.infer<typeof kindField>;

export const timeField = z.object({
  from: headerNames,
  /** A second column holding the time of day when the date is alone in `from` (yyyyMMdd + HHmmss). */
  timeFrom: headerNames.optional(),
  /** Used when `from` is empty. */
  fallback: headerNames.optional(),
  /** IANA zone of the wall-clock times; default: the channel's zone (internal: the workspace's). */
  timeZone: z.string().min(1).optional(),
}).strict();
export type TimeField = z.infer<typeof timeField>;

export const currencyField = z.object({
  from: headerNames.optional(),
  /** Used when there is no column or it is empty; default: the channel's currency. */
  default: z.string().regex(/^[A-Za-z]{3}$/).optional(),
}).strict();

export const channelField = z.object({
  from: headerNames,
  /** A value that is no channel's alias: reject the row (counted, shown) or refuse the whole file. */
  unknown: z.enum(['reject-row', 'refuse']).default('refuse'),
}).strict();

export const rowFilter = z.object({
  column: headerNames,
  /** Keep only rows whose value is one of these; others are counted as filtered `column=value`. */
  keep: z.array(z.string()).min(1).optional(),
  /** Drop rows whose value is one of these. */
  drop: z.array(z.string()).min(1).optional(),
}).strict().refine((f) => (f.keep === undefined) !== (f.drop === undefined), 'give exactly one of keep or drop');

/** Footer totals written as text lines (Alipay `#交易合计：N笔，商家实收共X元`). */
export const totalsLine = z.object({
  pattern: regexSource,
  kind: z.enum(['payment', 'refund', 'all']),
  /** 1-based capture group numbers. */
  countGroup: z.number().int().min(1).optional(),
  amountGroup: z.number().int().min(1).optional(),
}).strict();

/** A summary header row followed by one row of totals (WeChat `总交易单数,应结订单总金额,…`). */
export const totalsRow = z.object({
  header: z.string().min(1),
  /** Counts payment and refund rows together. */
  count: headerNames.optional(),
  gross: headerNames.optional(),
  refunds: headerNames.optional(),
  /** Fees charged minus fees returned. */
  fees: headerNames.optional(),
}).strict();

/**
 * The fields of a bank statement (side `bank`), kept apart from `fields` (channel and internal rows):
 * a bank row is money in or out of one of our accounts, with the running balance after it.
 */
export const bankFieldsSchema = z.object({
  time: timeField,
  /** Signed column, or separate 贷方 (money in) / 借方 (money out) columns via `credit`/`debit`. */
  amount: amountField,
  /** A column saying which way the money went (收/付, 贷/借, 来账/往账, 1/2) when the amount is unsigned. */
  direction: z.object({
    from: headerNames,
    in: z.array(z.string().min(1)).min(1),
    out: z.array(z.string().min(1)).min(1),
  }).strict().optional(),
  /** Balance after the row; without it no continuity check is possible (the import says so). */
  balance: amountField.optional(),
  counterpartyName: textField.optional(),
  counterpartyAccount: textField.optional(),
  counterpartyBank: textField.optional(),
  /** 摘要 / 附言 / 用途: several columns are joined with " / ". */
  remark: z.array(textField).min(1).optional(),
  serial: textField.optional(),
  /** Key/value rows above the header (账号, 户名, 币种, 起止日期): the labels that name each value. */
  preamble: z.object({
    account: z.array(z.string().min(1)).default(['账号', '帐号', '账户', '查询账号']),
    name: z.array(z.string().min(1)).default(['户名', '账户名称', '账号名称', '单位名称']),
    currency: z.array(z.string().min(1)).default(['币种', '货币']),
    period: z.array(z.string().min(1)).default(['起止日期', '查询日期', '日期范围', '交易日期范围']),
    from: z.array(z.string().min(1)).default(['起始日期', '开始日期']),
    to: z.array(z.string().min(1)).default(['终止日期', '结束日期', '截止日期']),
  }).strict().prefault({}),
}).strict();
export type BankFields = z.output<typeof bankFieldsSchema>;

export const FIELD_NAMES = ['orderId', 'channelTxnId', 'refundId', 'kind', 'amount', 'fee', 'refundedAmount', 'currency', 'status', 'time', 'account', 'memo', 'channel'] as const;
export const KEY_FIELDS = ['orderId', 'channelTxnId', 'refundId', 'kind', 'time', 'amount', 'account'] as const;

export const profileSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ - (max 64)'),
  name: z.string().min(1).max(120),
  side: z.enum(['channel', 'internal', 'bank']),
  /** Channel the file belongs to when the user names none (channel side). */
  channelId: z.string().regex(/^[a-z0-9_-]{1,40}$/).optional(),
  detect: z.object({
    /** Header names that must all be present (normalised); the header row is the first row holding them all. */
    headers: z.array(z.string().min(1)).min(1),
    /** Text the file's first line starts with, e.g. `#支付宝业务明细查询`. */
    firstLine: z.string().min(1).optional(),
  }).strict(),
  read: z.object({
    encoding: z.enum(['utf-8', 'gb18030', 'utf-16le', 'utf-16be']).optional(),
    /** Regular expression matched against ZIP entry names (e.g. `_业务明细\.csv$`). */
    entryPattern: regexSource.optional(),
    sheet: z.union([z.string().min(1), z.number().int().min(0)]).optional(),
    delimiter: z.string().length(1).optional(),
    /** Fixed 1-based header row; default: found by content (the first row with all `detect.headers`). */
    headerRow: z.number().int().min(1).optional(),
  }).strict().default({}),
  layout: z.object({
    /** Lines starting with this are preamble/footer, never data (Alipay `#`). */
    commentPrefix: z.string().min(1).optional(),
    /** A line containing one of these ends the data (`业务明细列表结束`). */
    stopAt: z.array(z.string().min(1)).default([]),
    /** Rows whose first non-empty cell is one of these are summary rows (合计, 总计). */
    summaryLabels: z.array(z.string().min(1)).default(['合计', '总计', '小计']),
  }).strict().default({ stopAt: [], summaryLabels: ['合计', '总计', '小计'] }),
  fields: z.object({
    orderId: textField.optional(),
    channelTxnId: textField.optional(),
    refundId: textField.optional(),
    status: textField.optional(),
    account: textField.optional(),
    memo: textField.optional(),
    kind: kindField,
    amount: amountField,
    fee: amountField.optional(),
    /** Internal side: the amount refunded so far. */
    refundedAmount: amountField.optional(),
    currency: currencyField.optional(),
    time: timeField,
    /** Internal side: the 渠道 column, mapped through each channel's aliases. */
    channel: channelField.optional(),
  }).strict(),
  filters: z.array(rowFilter).default([]),
  totals: z.object({
    lines: z.array(totalsLine).default([]),
    row: totalsRow.optional(),
    /** The file must carry its totals; when they are missing the file is taken as cut short. */
    required: z.boolean().default(false),
  }).strict().optional(),
  /** Fields whose values identify a row delivered twice. Default: channelTxnId+kind+refundId (internal: orderId). */
  naturalKey: z.array(z.enum(KEY_FIELDS)).min(1).optional(),
  /** Values meaning "empty" besides blanks; default `/`, `-`, `--`. */
  emptyValues: z.array(z.string()).optional(),
  /** Side `bank` only: the bank statement's columns and preamble labels. */
  bankFields: bankFieldsSchema.optional(),
}).strict();

export type ProfileInput = z.input<typeof profileSchema>;
export type Profile = z.output<typeof profileSchema>;

/** Validates a profile; the message names the key path that is wrong, e.g. `fields.amount.unit`. */
export function parseProfile(value: unknown): { ok: true; profile: Profile } | { ok: false; path: string; message: string } {
  // A bank profile's mistakes are named in its own keys, not in the record fields derived from them.
  const bank = typeof value === 'object' && value !== null && (value as { side?: unknown }).side === 'bank'
    ? bankFieldsSchema.safeParse((value as { bankFields?: unknown }).bankFields) : null;
  if (bank && !bank.success) {
    const issue = bank.error.issues[0];
    return { ok: false, path: ['bankFields', ...(issue?.path.map(String) ?? [])].join('.'), message: issue?.message ?? 'invalid' };
  }
  const r = profileSchema.safeParse(withBankFields(value));
  if (r.success) {
    if ((r.data.side === 'bank') !== (r.data.bankFields !== undefined)) {
      return { ok: false, path: 'bankFields', message: 'side "bank" needs bankFields, and only side "bank" may have them' };
    }
    return { ok: true, profile: r.data };
  }
  const issue = r.error.issues[0];
  return { ok: false, path: issue?.path.map(String).join('.') || '(root)', message: issue?.message ?? 'invalid' };
}

/**
 * A bank profile writes only `bankFields`; the record `fields` every profile carries are derived from
 * them (time and amount, every row a payment) so that detection, layout and preview stay one machine.
 */
export function withBankFields(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const v = value as Record<string, unknown>;
  if (v.side !== 'bank' || v.fields !== undefined || typeof v.bankFields !== 'object' || v.bankFields === null) return value;
  const b = v.bankFields as Record<string, unknown>;
  return { ...v, fields: { kind: { value: 'payment' }, amount: { ...(b.amount as object), sign: 'as-is' }, time: b.time } };
}

export interface ProfileSummary {
  id: string;
  name: string;
  side: 'channel' | 'internal' | 'bank';
  channelId: string | null;
  builtin: boolean;
}
