// An import profile (导入模板) says how to read one kind of bill: how to recognise it, where its header
// and data are, which column feeds which record field, how values are cleaned, which rows are left
// out, and which key recognises a row delivered twice. Profiles are data (JSON), validated here, so a
// team can share them and the UI's mapping wizard can build them.
import { z } from 'zod';
import { expressionColumns, moneyDimension, parseExpression } from './expression';

/**
 * One or more header names; the first one present in the file is used (header synonyms). `@C` (an
 * Excel column letter) or `@3` (1-based) names a column by its position; in a two-row header a
 * column is `group/name`, or its name alone when no other group has that name.
 */
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

/**
 * Direction of an amount from an indicator: the values of a column (借贷标志 借/贷, D/C, 收/支), or,
 * without `from`, letters glued before the number (`D000000000123`). Credit is money in (+), debit out (−).
 */
export const directionSpec = z.object({
  from: headerNames.optional(),
  credit: z.array(z.string().min(1)).min(1),
  debit: z.array(z.string().min(1)).min(1),
}).strict();
export type DirectionSpec = z.infer<typeof directionSpec>;

/** A computed amount: `[结算金额] + [手续费]`, `[计费金额] - [应结金额]`, `[交易金额] * [费率]`. */
const computeSource = z.string().min(1).superRefine((s, ctx) => {
  const r = parseExpression(s);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: `not a valid expression: ${r.message}` });
});

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
  direction: directionSpec.optional(),
  /**
   * Fees: how the bill writes a fee charged — `positive` (WeChat: charged 0.60, returned −0.30) or
   * `negative` (Alipay: charged −0.60, returned 0.30). With it a fee keeps its meaning row by row (a
   * fee charged on a refund stays a charge) instead of `sign`.
   */
  charged: z.enum(['positive', 'negative']).optional(),
  /** Computed from other columns instead of read from one (see computeSource). */
  compute: computeSource.optional(),
  /** Columns of `compute` holding plain numbers (rates like 0.60% or 0.006, factors), not amounts. */
  numbers: z.array(z.string().min(1)).optional(),
}).strict().refine((a) => a.from !== undefined || a.credit !== undefined || a.debit !== undefined || a.compute !== undefined, 'needs from, or credit/debit, or compute')
  .superRefine((a, ctx) => {
    if (a.compute === undefined) return;
    const other = (['from', 'refundFrom', 'credit', 'debit', 'direction'] as const).filter((k) => a[k] !== undefined);
    if (other.length > 0) ctx.addIssue({ code: 'custom', path: ['compute'], message: `compute takes the place of ${other.join(', ')}: give one or the other` });
    const r = parseExpression(a.compute);
    if (!r.ok) return;
    const numbers = new Set(a.numbers ?? []);
    const dim = moneyDimension(r.expression, (n) => numbers.has(n));
    if (dim !== 1) ctx.addIssue({ code: 'custom', path: ['compute'], message: typeof dim === 'string' ? dim : 'the result must be an amount (amounts multiplied or divided by plain numbers)' });
    const unknown = [...numbers].filter((n) => !expressionColumns(r.expression).includes(n));
    if (unknown.length > 0) ctx.addIssue({ code: 'custom', path: ['numbers'], message: `not used in compute: ${unknown.join(', ')}` });
  });
export type AmountField = z.infer<typeof amountField>;

const recordKind = z.enum(['payment', 'refund']);

export const kindField = z.union([
  /** Every row has this kind (the in-house export lists orders). */
  z.object({ value: recordKind }).strict(),
  /** A column whose values map to kinds (业务类型: 交易 → payment, 退款 → refund). */
  z.object({ from: headerNames, map: z.record(z.string(), recordKind), default: recordKind.optional() }).strict(),
  /** Negative amounts are refunds. */
  z.object({ bySign: z.literal(true) }).strict(),
  /** Kinds from several columns at once: the first rule whose columns all hold one of its values. */
  z.object({
    rules: z.array(z.object({
      when: z.record(z.string().min(1), z.union([z.string(), z.array(z.string()).min(1)])),
      kind: recordKind,
    }).strict()).min(1),
    default: recordKind.optional(),
  }).strict(),
]);
export type KindField = z.infer<typeof kindField>;

/**
 * A date format: yyyy yy MM M dd d HH H mm ss and literal text, e.g. `MM/dd/yyyy`, `dd.MM.yyyy HH:mm`,
 * `yyyyMMddHHmmss`, `yyyy年MM月dd日 HH:mm:ss`, `MMddHHmmss` (no year), `HH:mm:ss` (no date).
 */
export const dateFormat = z.string().min(1).refine((f) => /(yy|M|d|H|m|s)/.test(f), 'a date format needs at least one of yyyy MM dd HH mm ss');

/**
 * Where a bill states the date its rows lack (a year for `MMddHHmmss`, a whole date for a time of
 * day): its file or ZIP entry name, a preamble line, or a key/value cell above the header.
 */
export const dateSource = z.object({
  source: z.enum(['fileName', 'preamble', 'cell']),
  /** `cell`: the label of the key/value cell (`账单日期`); the value follows it in the cell or to its right. */
  label: z.string().min(1).optional(),
  /** Regular expression; its first group (else the whole match) is the date text. */
  pattern: regexSource.optional(),
  format: dateFormat,
}).strict().refine((d) => (d.source === 'cell') === (d.label !== undefined), 'source "cell" needs a label, and only it');
export type DateSource = z.infer<typeof dateSource>;

export const timeField = z.object({
  from: headerNames,
  /** A second column holding the time of day when the date is alone in `from` (yyyyMMdd + HHmmss). */
  timeFrom: headerNames.optional(),
  /** Used when `from` is empty. */
  fallback: headerNames.optional(),
  /** IANA zone of the wall-clock times; default: the channel's zone (internal: the workspace's). */
  timeZone: z.string().min(1).optional(),
  /** The layout of `from` when it is not one the importer recognises by itself (MM/dd/yyyy, dd.MM.yyyy …). */
  format: dateFormat.optional(),
  /** Where the year (or date) missing from `format` comes from. */
  dateFrom: dateSource.optional(),
  /** A column with each row's zone: an abbreviation (PDT, UTC), an offset (+08:00, UTC+8, GMT-7) or an IANA name. */
  zoneFrom: headerNames.optional(),
  /** Zone abbreviations as this bill means them (`CST` → `Asia/Shanghai` or `-06:00`); needed for ambiguous ones. */
  zones: z.record(z.string().min(1), z.string().min(1)).optional(),
}).strict().refine((t) => t.dateFrom === undefined || t.format !== undefined, { message: 'dateFrom needs a format without the year or date it supplies', path: ['dateFrom'] });
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

/**
 * One figure of a bill's own totals: what it counts or sums (`count`, `amount`, `fees`, `net` =
 * amount − fees), over which rows (payments, refunds, or all: payments − refunds), in which unit.
 */
const totalFigure = {
  kind: z.enum(['payment', 'refund', 'all']).default('all'),
  measure: z.enum(['count', 'amount', 'fees', 'net']),
  unit: z.enum(['yuan', 'fen']).default('yuan'),
};
export type TotalMeasure = 'count' | 'amount' | 'fees' | 'net';

/** A label row (合计, 共N笔) whose cells under the data columns hold the totals. */
export const totalsLabelRow = z.object({
  /** Prefix of the row's first non-empty cell, compared like summaryLabels. */
  label: z.string().min(1),
  values: z.array(z.object({
    column: headerNames,
    /** Regular expression for the figure inside the cell (`共(\d+)笔`); first group, else the whole match. */
    pattern: regexSource.optional(),
    ...totalFigure,
  }).strict()).min(1),
}).strict();

/** Totals on another sheet of the workbook (汇总): each value right of its label cell, else below it. */
export const totalsSheet = z.object({
  sheet: z.union([z.string().min(1), z.number().int().min(0)]),
  values: z.array(z.object({ label: z.string().min(1), pattern: regexSource.optional(), ...totalFigure }).strict()).min(1),
}).strict();

/** Footer totals written as text lines (Alipay `#交易合计：N笔，商家实收共X元`). */
export const totalsLine = z.object({
  pattern: regexSource,
  kind: z.enum(['payment', 'refund', 'all']).optional(),
  /** Several figures in one line (`贷方 3 笔 X 元；借方 1 笔 Y 元`): each from its capture group. */
  values: z.array(z.object({ group: z.number().int().min(1), ...totalFigure }).strict()).min(1).optional(),
  /** 1-based capture group numbers. */
  countGroup: z.number().int().min(1).optional(),
  amountGroup: z.number().int().min(1).optional(),
  /** A group subtracted from the amount (Alipay's older `交易金额共X元，优惠金额共Y元`: received = X − Y). */
  lessGroup: z.number().int().min(1).optional(),
}).strict().refine((l) => (l.kind === undefined) !== (l.values === undefined), 'give kind (with countGroup/amountGroup) or values');

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

export const riskFields = z.object({
  orderIp: headerNames.optional(),
  payIp: headerNames.optional(),
  device: headerNames.optional(),
  /** Card number as the bill prints it, masked or not (`622202******1234`). */
  card: headerNames.optional(),
  /** Payer account; default: the record's `account` field. */
  account: headerNames.optional(),
  /** Player / user id. */
  user: headerNames.optional(),
}).strict();
export type RiskFields = z.infer<typeof riskFields>;

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
    /** 2: the header is two rows, group cells (often merged) above the column names. */
    headerRows: z.union([z.literal(1), z.literal(2)]).optional(),
    fixedWidth: fixedWidthRead.optional(),
  }).strict().default({}),
  layout: z.object({
    /** Lines starting with this are preamble/footer, never data (Alipay `#`). */
    commentPrefix: z.string().min(1).optional(),
    /** A line containing one of these ends the data (`业务明细列表结束`). */
    stopAt: z.array(z.string().min(1)).default([]),
    /** Rows whose first non-empty cell starts with one of these (colons and blanks removed) are summary rows (合计, 总计). */
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
  }).strict().superRefine((f, ctx) => {
    for (const k of ['amount', 'refundedAmount'] as const) {
      if (f[k]?.charged !== undefined) ctx.addIssue({ code: 'custom', path: [k, 'charged'], message: 'only fee has a charged convention' });
    }
  }),
  filters: z.array(rowFilter).default([]),
  totals: z.object({
    lines: z.array(totalsLine).default([]),
    row: totalsRow.optional(),
    labelRows: z.array(totalsLabelRow).optional(),
    sheet: totalsSheet.optional(),
    /** The file must carry its totals; when they are missing the file is taken as cut short. */
    required: z.boolean().default(false),
  }).strict().optional(),
  /** Fields whose values identify a row delivered twice. Default: channelTxnId+kind+refundId (internal: orderId). */
  naturalKey: z.array(z.enum(KEY_FIELDS)).min(1).optional(),
  /** Ledger rows set aside as fees of the period or settlement transfers (first matching rule wins). */
  aside: z.array(asideRule).min(1).optional(),
  /** Values meaning "empty" besides blanks; default `/`, `-`, `--`. */
  emptyValues: z.array(z.string()).optional(),
  /**
   * Columns the risk rules read (交易风控). Read from the stored rows when screening, so mapping them
   * later applies to bills already imported.
   */
  risk: riskFields.optional(),
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
