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
  /** A group subtracted from the amount (Alipay's older `交易金额共X元，优惠金额共Y元`: received = X − Y). */
  lessGroup: z.number().int().min(1).optional(),
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
  /** Count of payment rows alone (WeChat 资金账单 收入笔数), and of refund rows alone (支出笔数). */
  paymentCount: headerNames.optional(),
  refundCount: headerNames.optional(),
}).strict();

/**
 * Rows of a balance ledger that are not trades with a payer (WeChat 资金账单): fee deductions become
 * fees of the period, withdrawals settlement transfers. They are read like any row (for the file's
 * totals) and then set aside: counted in the summary with their amounts per period, never stored as
 * payments or refunds.
 */
export const asideRule = z.object({
  column: headerNames,
  values: z.array(z.string().min(1)).min(1),
  as: z.enum(['fee', 'transfer']),
}).strict();

/**
 * Fixed-width text: each record a line, each field at a declared position. Positions count characters
 * of the decoded line (`char`) or bytes as the file encodes them (`byte`, for GBK files cut by bytes).
 */
export const fixedWidthRead = z.object({
  unit: z.enum(['char', 'byte']).default('char'),
  /** The fields: a name (what `detect.headers` and `fields` refer to), the 1-based start and the width. */
  columns: z.array(z.object({ name: z.string().min(1), start: z.number().int().min(1), width: z.number().int().min(1) }).strict()).min(1),
  /** Lines at the top before the first record (title, captions, ruler); the last of them stands for the header row. */
  headerLines: z.number().int().min(0).default(0),
  /** A line matching this, and every line after it, is a totals or end line: kept whole, never split. */
  trailer: regexSource.optional(),
}).strict();

export const FIELD_NAMES = ['orderId', 'channelTxnId', 'refundId', 'kind', 'amount', 'fee', 'refundedAmount', 'currency', 'status', 'time', 'account', 'memo', 'channel'] as const;
export const KEY_FIELDS = ['orderId', 'channelTxnId', 'refundId', 'kind', 'time', 'amount', 'account'] as const;

export const profileSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ - (max 64)'),
  name: z.string().min(1).max(120),
  side: z.enum(['channel', 'internal']),
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
    fixedWidth: fixedWidthRead.optional(),
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
  /** Ledger rows set aside as fees of the period or settlement transfers (first matching rule wins). */
  aside: z.array(asideRule).min(1).optional(),
  /** Values meaning "empty" besides blanks; default `/`, `-`, `--`. */
  emptyValues: z.array(z.string()).optional(),
}).strict();

export type ProfileInput = z.input<typeof profileSchema>;
export type Profile = z.output<typeof profileSchema>;

/** Validates a profile; the message names the key path that is wrong, e.g. `fields.amount.unit`. */
export function parseProfile(value: unknown): { ok: true; profile: Profile } | { ok: false; path: string; message: string } {
  const r = profileSchema.safeParse(value);
  if (r.success) return { ok: true, profile: r.data };
  const issue = r.error.issues[0];
  return { ok: false, path: issue?.path.map(String).join('.') || '(root)', message: issue?.message ?? 'invalid' };
}

export interface ProfileSummary {
  id: string;
  name: string;
  side: 'channel' | 'internal';
  channelId: string | null;
  builtin: boolean;
}
