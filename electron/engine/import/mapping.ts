// A profile applied to one header: column positions are resolved once, then every data row goes
// through the same precompiled steps (filters, channel, kind, amounts, time, ids, natural key).
// Pure: the same cells always give the same outcome, so rows can be normalised again when written.
import type { AmountField, DirectionSpec, HeaderNames, Profile, TextField } from '../../../shared/profile';
import type { RecordKind, Side } from '../../../shared/domain';
import { expressionColumns } from '../../../shared/expression';
import { currencyExponent, parseMoney, type MoneyError } from '../../../shared/money';
import { UserError } from '../errors';
import { cellValue, hasFullWidth, idProblem, instantOfWallClock, normaliseHeader, parseTime, periodOfCached, plainDecimalToMinor, secondsOfDay, toHalfWidth, DEFAULT_EMPTY_VALUES, EmptyValues, type CellValue, type TimeParse } from './normalize';
import { compileExpression, decimalFraction, type Operand } from './compute';
import { badDeclaredZone, compileDateFormat, completeDate, contextDate, zoneReader, type ContextDate, type FilePlace } from './time-format';
import { rowTexts, type TableHeader } from './layout';
import type { RawCell } from './source';
import type { PreviewRecord } from '../../../shared/contract/import';

/** One normalised row, exactly what the preview shows and the import stores. */
export type NormalisedRecord = PreviewRecord;

export type RowOutcome =
  | { type: 'record'; record: NormalisedRecord }
  | { type: 'filtered'; reason: string }
  | { type: 'rejected'; reason: string };

export interface ChannelInfo {
  timeZone: string;
  currency: string;
}

export interface MappingContext {
  fileName: string;
  side: Side;
  /** The channel of every row (channel side, or internal files without a 渠道 column). */
  channelId: string | null;
  channels: ReadonlyMap<string, ChannelInfo>;
  /** 渠道 value → channel id (internal side). */
  aliases: ReadonlyMap<string, string>;
  /** Zone of periods for internal records (workspace setting time_zone). */
  workspaceTimeZone: string;
  date1904: boolean;
}

export type RowNormaliser = (cells: RawCell[], rowNumber: number) => RowOutcome;

const MONEY_REASONS: Record<MoneyError, [string, string]> = {
  empty: ['金额为空', 'the amount is empty'],
  not_a_number: ['不是数字', 'not a number'],
  scientific: ['科学计数法（如 1.2E+3）不能作为金额', 'scientific notation (like 1.2E+3) is not an amount'],
  percent: ['百分比不能作为金额', 'a percentage is not an amount'],
  too_many_decimals: ['小数位数超过币种允许的位数', 'more decimals than the currency allows'],
  too_large: ['金额过大', 'amount too large'],
  bad_grouping: ['千分位分隔符位置不对', 'thousands separators in the wrong places'],
};

/** A value in a data row that cannot be read: the whole file is refused with row, column, value and reason. */
export function badValue(ctx: { fileName: string }, row: number, column: string, value: string, zh: string, en: string): UserError {
  return new UserError(
    'import.bad_value',
    `文件 ${ctx.fileName} 第 ${row} 行“${column}”列的值“${value}”无法读取：${zh}。未导入任何数据。`,
    `File ${ctx.fileName}, row ${row}, column "${column}": value "${value}" cannot be read: ${en}. Nothing was imported.`,
    { file: ctx.fileName, row, column, value, reason: en },
  );
}

function names(h: HeaderNames): string[] {
  return typeof h === 'string' ? [h] : h;
}

interface Column {
  index: number;
  label: string;
}

/** A time text ending in its own offset. */
const OWN_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/;

/** `@C` (Excel letter) or `@3` (1-based position): a column by where it is, not by its name. */
const POSITIONAL = /^@(?:([A-Za-z]{1,3})|(\d{1,4}))$/;

export function columnPosition(name: string): number | null {
  const m = POSITIONAL.exec(name.trim());
  if (!m) return null;
  if (m[2] !== undefined) return Number(m[2]) >= 1 ? Number(m[2]) - 1 : null;
  let n = 0;
  for (const ch of m[1]!.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export class HeaderIndex {
  private readonly positions = new Map<string, number>();
  /**
   * `lowerNames`: for a two-row header, each column's name without its group; a name found under
   * one group only also finds its column (else only `group/name` does).
   */
  constructor(readonly cells: string[], lowerNames: readonly string[] | null = null) {
    cells.forEach((c, i) => {
      const n = normaliseHeader(c);
      if (n !== '' && !this.positions.has(n)) this.positions.set(n, i);
    });
    if (lowerNames) {
      const seen = new Map<string, number>();
      lowerNames.forEach((c) => {
        const n = normaliseHeader(c);
        seen.set(n, (seen.get(n) ?? 0) + 1);
      });
      lowerNames.forEach((c, i) => {
        const n = normaliseHeader(c);
        if (n !== '' && seen.get(n) === 1 && !this.positions.has(n)) this.positions.set(n, i);
      });
    }
  }
  find(h: HeaderNames): Column | null {
    for (const n of names(h)) {
      const at = columnPosition(n);
      if (at !== null) return { index: at, label: this.cells[at] || n };
      const i = this.positions.get(normaliseHeader(n));
      if (i !== undefined) return { index: i, label: this.cells[i] ?? n };
    }
    return null;
  }
  has(name: string): boolean {
    return this.positions.has(normaliseHeader(name));
  }
}

export function missingColumn(fileName: string, profileId: string, wanted: HeaderNames, header: string[]): UserError {
  const w = names(wanted).join(' / ');
  const found = header.filter((h) => h.trim() !== '').join(', ');
  return new UserError(
    'import.missing_column',
    `文件 ${fileName} 缺少模板 ${profileId} 需要的列“${w}”。文件的表头是：${found}`,
    `File ${fileName} lacks the column "${w}" that profile ${profileId} needs. The file's header is: ${found}`,
    { file: fileName, profile: profileId, column: w, header },
  );
}

/** What a profile may need of the table besides its header row. */
export interface TableContext {
  /** Two-row headers: each column's name without its group. */
  lowerNames?: readonly string[] | null;
  /** Names and preamble of the file, for a date the rows lack (time.dateFrom). */
  place?: FilePlace;
}

/** The table context of a header taken off a table (layout.ts takeHeader). */
export function tableContextOf(taken: TableHeader, fileName: string, tableName: string): TableContext {
  return { lowerNames: taken.lowerNames, place: { fileName, tableName, preamble: taken.preamble.map(rowTexts) } };
}

/** Compiles `profile` against the header row; fails when a mapped column is missing. */
export function compileMapping(profile: Profile, header: string[], ctx: MappingContext, table: TableContext = {}): RowNormaliser {
  const index = new HeaderIndex(header, table.lowerNames ?? null);
  const need = (h: HeaderNames): Column => {
    const c = index.find(h);
    if (!c) throw missingColumn(ctx.fileName, profile.id, h, header);
    return c;
  };
  const optional = (h: HeaderNames | undefined): Column | null => (h === undefined ? null : need(h));
  const empties = new EmptyValues(profile.emptyValues ?? DEFAULT_EMPTY_VALUES);
  const value = (cells: RawCell[], c: Column): CellValue => cellValue(cells[c.index], empties);

  const filters = profile.filters.map((f) => ({ col: need(f.column), keep: f.keep ? new Set(f.keep) : null, drop: f.drop ? new Set(f.drop) : null }));

  type TextReader = (cells: RawCell[], row: number) => string | null;
  const textReader = (field: TextField | undefined, isId: boolean): TextReader | null => {
    if (!field) return null;
    const col = need(field.from);
    const fallback = optional(field.fallback);
    const re = field.extract ? new RegExp(field.extract, 'u') : null;
    return (cells, row) => {
      let c = col;
      let v = value(cells, col);
      if (v.text === '' && fallback) {
        c = fallback;
        v = value(cells, fallback);
      }
      if (v.kind === 'bad') throw badCell(row, c, v);
      let text = v.text;
      if (re && text !== '') {
        const m = re.exec(text);
        text = m ? (m[1] ?? m[0]) : '';
      }
      if (isId && text !== '') {
        const p = idProblem(v);
        if (p === 'scientific') {
          throw badValue(ctx, row, c.label, text, '编号被写成了科学计数法，原值已丢失。请在导出或 Excel 中把该列设为“文本”格式后重新导出', 'the id is in scientific notation and its digits are lost. Format the column as Text in the export or in Excel and export again');
        }
        if (p === 'numeric_precision') {
          throw badValue(ctx, row, c.label, text, '编号被 Excel 存成了数字，超过 15 位的数字已丢失。请把该列设为“文本”格式后从渠道后台重新导出', 'Excel stored the id as a number and digits beyond the 15th are lost. Format the column as Text and export again from the channel portal');
        }
      }
      return text === '' ? null : text;
    };
  };
  const badCell = (row: number, c: Column, v: CellValue): UserError =>
    v.kind === 'bad' && v.reason === 'formula_without_value'
      ? badValue(ctx, row, c.label, v.text, '公式没有计算结果。请在 Excel/WPS 中打开并保存后再导入', 'a formula without a computed value. Open and save the file in Excel/WPS, then import it again')
      : badValue(ctx, row, c.label, v.text, '错误单元格', 'an error cell');

  const orderId = textReader(profile.fields.orderId, true);
  const channelTxnId = textReader(profile.fields.channelTxnId, true);
  const refundId = textReader(profile.fields.refundId, true);
  const status = textReader(profile.fields.status, false);
  const account = textReader(profile.fields.account, false);
  const memo = textReader(profile.fields.memo, false);

  // Channel of the row
  const chField = profile.fields.channel;
  const chCol = chField ? need(chField.from) : null;
  if (!chCol && !ctx.channelId) {
    throw new UserError('import.no_channel', `请指定文件 ${ctx.fileName} 属于哪个渠道（--channel）`, `Name the channel file ${ctx.fileName} belongs to (--channel)`, { file: ctx.fileName });
  }
  // The import checks its channel before it gets here; the mapping wizard's draft may name any channel.
  if (!chCol && !ctx.channels.has(ctx.channelId!)) {
    throw new UserError('import.channel_not_found', `渠道 ${ctx.channelId} 还不存在，请先添加这个渠道`, `Channel ${ctx.channelId} does not exist yet; add it first`, { channel: ctx.channelId });
  }

  // Currency
  const curCol = optional(profile.fields.currency?.from);
  const curDefault = profile.fields.currency?.default?.toUpperCase() ?? null;

  // Kind
  const kindSpec = profile.fields.kind;
  const kindCol = 'from' in kindSpec ? need(kindSpec.from) : null;
  const kindMap = 'map' in kindSpec ? new Map(Object.entries(kindSpec.map).map(([k, v]) => [k.trim(), v])) : null;
  const kindRules = 'rules' in kindSpec
    ? kindSpec.rules.map((r) => ({ kind: r.kind, tests: Object.entries(r.when).map(([h, v]) => ({ col: need(h), values: new Set((typeof v === 'string' ? [v] : v).map((x) => x.trim())) })) }))
    : null;
  const kindByRules = (cells: RawCell[], row: number): RecordKind => {
    for (const r of kindRules!) if (r.tests.every((t) => t.values.has(value(cells, t.col).text))) return r.kind;
    if ('default' in kindSpec && kindSpec.default) return kindSpec.default;
    const cols = [...new Map(kindRules!.flatMap((r) => r.tests.map((t) => [t.col.index, t.col] as const))).values()];
    throw badValue(ctx, row, cols.map((c) => c.label).join('+'), cols.map((c) => value(cells, c).text).join('+'), '没有一条类型规则与这些值相符', 'no kind rule of the profile fits these values');
  };

  // Rows of one file nearly always share one currency: its exponent and its validity are looked up once.
  let lastCurrency = '';
  let lastExponent = 2;
  const exponentOf = (currency: string): number => {
    if (currency !== lastCurrency) {
      lastExponent = currencyExponent(currency);
      lastCurrency = currency;
    }
    return lastExponent;
  };
  let lastCurrencyText = '';
  let lastCurrencyCode = '';

  type AmountReader = (cells: RawCell[], row: number, currency: string, kind: RecordKind | null) => number | null;

  /** Credit (+1) or debit (−1) from an indicator value; 0 when it is neither. */
  const directionOf = (spec: DirectionSpec) => {
    const signs = new Map<string, 1 | -1>();
    for (const c of spec.credit) signs.set(c.trim().toUpperCase(), 1);
    for (const d of spec.debit) signs.set(d.trim().toUpperCase(), -1);
    // Glued letters are tried longest first (`DR` before `D`).
    const prefixes = [...signs.keys()].sort((a, b) => b.length - a.length);
    const known = `${spec.credit.join('、')} / ${spec.debit.join('、')}`;
    return {
      col: optional(spec.from),
      sign: (text: string): 1 | -1 | 0 => signs.get(text.toUpperCase()) ?? 0,
      /** The number without its glued letters, and their sign; null when no letters lead. */
      split(text: string): { sign: 1 | -1; rest: string } | null {
        const upper = text.toUpperCase();
        const p = prefixes.find((x) => upper.startsWith(x));
        return p === undefined ? null : { sign: signs.get(p)!, rest: text.slice(p.length).trim() };
      },
      unknown: (row: number, c: Column, text: string, glued: boolean): UserError => badValue(ctx, row, c.label, text,
        glued ? `数字前没有表示收支方向的字母（${known}）` : `既不是收入也不是支出的标志（模板认 ${known}）`,
        glued ? `no credit/debit letters before the number (${known})` : `neither a credit nor a debit indicator (the profile knows ${known})`),
    };
  };

  /** A currency code written with the amount (`12.00 USD`) must be the row's currency. */
  const checkCurrencyMark = (text: string, currency: string, row: number, c: Column): void => {
    const m = /[A-Za-z]{3}/.exec(text);
    // Only beside a number: `abc` is no amount at all, and is refused as such.
    if (!m || !/[0-9]/.test(text)) return;
    const code = m[0].toUpperCase();
    if (code !== currency && !(code === 'RMB' && currency === 'CNY')) {
      throw badValue(ctx, row, c.label, text, `金额写的是 ${code}，但这一行的币种是 ${currency}`, `the amount is written in ${code} but the row's currency is ${currency}`);
    }
  };

  /** One operand of a computed amount: an amount in minor units, or a plain number (rate). */
  const operandOf = (cells: RawCell[], row: number, c: Column, isNumber: boolean, currency: string, exponent: number, emptyIsZero: boolean): Operand => {
    const v = value(cells, c);
    const because = (reason: [string, string]): Operand => ({ ok: false, reason: [`${c.label}：${reason[0]}`, `${c.label}: ${reason[1]}`] });
    if (v.kind === 'bad') return because(['错误单元格', 'an error cell']);
    if (v.text === '') return emptyIsZero ? { ok: true, value: { num: 0n, den: 1n } } : because(MONEY_REASONS.empty);
    const text = hasFullWidth(v.text) ? toHalfWidth(v.text) : v.text;
    if (isNumber) {
      const f = decimalFraction(text.replace(/\s+/g, ''));
      return f ? { ok: true, value: f } : because(MONEY_REASONS.not_a_number);
    }
    checkCurrencyMark(text, currency, row, c);
    // Amounts may carry more decimals than the currency (rates applied upstream): kept exactly, rounded at the end.
    let r = parseMoney(text, { exponent, rounding: 'reject' });
    if (r.ok) return { ok: true, value: { num: BigInt(r.minor), den: 1n } };
    if (r.reason === 'too_many_decimals') {
      r = parseMoney(text, { exponent: exponent + 6, rounding: 'reject' });
      if (r.ok) return { ok: true, value: { num: BigInt(r.minor), den: 1_000_000n } };
    }
    return because(MONEY_REASONS[r.reason]);
  };

  const computedReader = (spec: AmountField, field: string): AmountReader => {
    const formula = spec.compute!;
    const { expression, evaluate } = compileExpression(formula);
    const numbers = new Set(spec.numbers ?? []);
    const inputs = expressionColumns(expression).map((name) => ({ name, col: need(name), isNumber: numbers.has(name) }));
    return (cells, row, currency) => {
      const exponent = spec.unit === 'fen' ? 0 : exponentOf(currency);
      const operands = new Map(inputs.map((i) => [i.name, operandOf(cells, row, i.col, i.isNumber, currency, exponent, spec.emptyIsZero)]));
      const r = evaluate((name) => operands.get(name)!, spec.rounding);
      if (r.ok) return r.minor;
      const shown = inputs.map((i) => `${i.col.label}=${value(cells, i.col).text}`).join('，');
      throw badValue(ctx, row, `${field} = ${formula}`, shown, `无法计算：${r.reason[0]}`, `cannot be computed: ${r.reason[1]}`);
    };
  };

  const amountReader = (spec: AmountField | undefined, field: string): AmountReader | null => {
    if (!spec) return null;
    if (spec.compute !== undefined) return computedReader(spec, field);
    const from = optional(spec.from);
    const refundFrom = optional(spec.refundFrom);
    const credit = optional(spec.credit);
    const debit = optional(spec.debit);
    const direction = spec.direction ? directionOf(spec.direction) : null;
    const glued = direction !== null && direction.col === null;
    const read = (cells: RawCell[], row: number, c: Column, currency: string, required: boolean): number | null => {
      const v = value(cells, c);
      if (v.kind === 'bad') throw badCell(row, c, v);
      if (v.text === '') {
        if (spec.emptyIsZero || !required) return spec.emptyIsZero ? 0 : null;
        const [zh, en] = MONEY_REASONS.empty;
        throw badValue(ctx, row, c.label, '', zh, en);
      }
      const exponent = spec.unit === 'fen' ? 0 : exponentOf(currency);
      let text = v.text;
      let sign: 1 | -1 = 1;
      if (glued) {
        const g = direction.split(text);
        if (!g) throw direction.unknown(row, c, text, true);
        text = g.rest;
        sign = g.sign;
      }
      const fast = plainDecimalToMinor(text, exponent);
      if (fast !== null) return glued ? sign * Math.abs(fast) || 0 : fast;
      checkCurrencyMark(text, currency, row, c);
      const r = parseMoney(text, { exponent, rounding: spec.rounding });
      if (!r.ok) {
        const [zh, en] = MONEY_REASONS[r.reason];
        throw badValue(ctx, row, c.label, v.text, zh, en);
      }
      return glued ? sign * Math.abs(r.minor) || 0 : r.minor;
    };
    const directionCol = direction?.col ?? null;
    const readSigned = (cells: RawCell[], row: number, currency: string, kind: RecordKind | null): number => {
      let signed: number;
      if (from || refundFrom) {
        const c = kind === 'refund' && refundFrom ? refundFrom : from ?? refundFrom!;
        signed = read(cells, row, c, currency, true)!;
      } else {
        const cr = credit ? read(cells, row, credit, currency, false) : null;
        const dr = debit ? read(cells, row, debit, currency, false) : null;
        const crSet = cr !== null && cr !== 0;
        const drSet = dr !== null && dr !== 0;
        if (crSet && drSet) {
          throw badValue(ctx, row, `${credit!.label}/${debit!.label}`, `${cr}/${dr}`, '收入和支出两列都有金额', 'both the credit and the debit column hold an amount');
        }
        if (cr === null && dr === null) {
          const [zh, en] = MONEY_REASONS.empty;
          throw badValue(ctx, row, `${credit?.label ?? ''}/${debit?.label ?? ''}`, '', zh, en);
        }
        signed = drSet ? -Math.abs(dr!) : Math.abs(cr ?? 0);
      }
      if (spec.sign === 'negate') signed = -signed;
      return signed;
    };
    if (!directionCol) return readSigned;
    return (cells, row, currency, kind) => {
      const signed = readSigned(cells, row, currency, kind);
      const indicator = value(cells, directionCol).text;
      const sign = direction!.sign(indicator);
      if (sign === 0) throw direction!.unknown(row, directionCol, indicator, false);
      return sign * Math.abs(signed) || 0;
    };
  };
  const amount = amountReader(profile.fields.amount, 'amount')!;
  const fee = amountReader(profile.fields.fee, 'fee');
  const refunded = amountReader(profile.fields.refundedAmount, 'refundedAmount');
  const amountSign = profile.fields.amount.sign;
  const feeSign = profile.fields.fee?.sign ?? 'abs';
  const feeCharged = profile.fields.fee?.charged === undefined ? undefined : profile.fields.fee.charged === 'positive' ? 1 : -1;

  const time = profile.fields.time;
  const timeCol = need(time.from);
  const timeOfDayCol = optional(time.timeFrom);
  const timeFallback = optional(time.fallback);
  const declaredTime = time.format !== undefined || time.zoneFrom !== undefined ? compileDeclaredTime() : null;

  /**
   * Times the profile describes (a format, a date from the file, a zone per row), compiled once; the
   * rows of other profiles keep the plain parseTime path.
   */
  function compileDeclaredTime(): (tv: CellValue, todV: CellValue | null, zone: string, cells: RawCell[], row: number) => TimeParse {
    const parse = time.format !== undefined ? compileDateFormat(time.format) : null;
    let context: ContextDate | null = null;
    if (time.dateFrom) {
      const place = table.place ?? { fileName: ctx.fileName, tableName: ctx.fileName, preamble: [] };
      const found = contextDate(time.dateFrom, place);
      if (!found.ok) {
        const where = { fileName: ['文件名', 'the file name'], preamble: ['表头上方的说明行', 'the lines above the header'], cell: [`“${time.dateFrom.label}”单元格`, `the cell "${time.dateFrom.label}"`] }[time.dateFrom.source];
        const seen = found.found === null ? '' : `（找到“${found.found}”）`;
        throw new UserError(
          'import.date_context_missing',
          `文件 ${ctx.fileName} 的时间没有年份或日期，模板说要从${where[0]}读取（格式 ${time.dateFrom.format}），但没有找到${seen}。未导入任何数据。`,
          `The times in ${ctx.fileName} lack a year or date, which the profile reads from ${where[1]} (format ${time.dateFrom.format}), but it is not there${found.found === null ? '' : ` (found "${found.found}")`}. Nothing was imported.`,
          { file: ctx.fileName, source: time.dateFrom.source, format: time.dateFrom.format, found: found.found },
        );
      }
      context = found.date;
    }
    const zoneCol = optional(time.zoneFrom);
    const declaredProblem = badDeclaredZone(time.zones);
    if (declaredProblem) {
      throw new UserError('profile.bad_zone', `模板 ${profile.id} 的 time.zones 有误：${declaredProblem}`, `Profile ${profile.id} has a bad time.zones entry: ${declaredProblem}`, { profile: profile.id });
    }
    const zoneOf = zoneReader(time.zones);
    return (tv, todV, zone, cells, row) => {
      let offset: number | null = null;
      let rowZone = zone;
      if (zoneCol) {
        const zt = value(cells, zoneCol).text;
        if (zt !== '') {
          const z = zoneOf(zt);
          if ('problem' in z) throw badValue(ctx, row, zoneCol.label, zt, `不认识的时区：${z.problem}`, `unknown zone: ${z.problem}`);
          if ('offsetMs' in z) offset = z.offsetMs;
          else rowZone = z.zone;
        }
      }
      if (!parse || tv.kind !== 'text') {
        // Excel date cells carry their own date; a fixed offset applies to the wall clock they show.
        // A time written with its own offset (`…+08:00`, `…Z`) keeps it.
        if (offset === null || (tv.kind === 'text' && OWN_OFFSET.test(tv.text))) return parseTime(tv, todV, rowZone, ctx.date1904);
        const asUtc = parseTime(tv, todV, 'UTC', ctx.date1904);
        return asUtc.ok ? { ok: true, instant: asUtc.instant - offset } : asUtc;
      }
      const parts = parse(tv.text);
      let w = parts ? completeDate(parts, context) : null;
      if (!w) return { ok: false };
      if (todV) {
        const s = secondsOfDay(todV.kind === 'text' && hasFullWidth(todV.text) ? { kind: 'text', text: toHalfWidth(todV.text) } : todV);
        if (s === null) return { ok: false };
        w = { ...w, hour: Math.floor(s / 3600), minute: Math.floor((s % 3600) / 60), second: s % 60 };
      }
      return instantOfWallClock(w, offset, rowZone);
    };
  }

  const keyFields = profile.naturalKey ?? (ctx.side === 'internal' ? ['orderId'] : ['channelTxnId', 'kind', 'refundId']);
  const keyIdField = keyFields.find((f) => f === 'channelTxnId' || f === 'orderId');
  if (keyIdField === 'channelTxnId' && !channelTxnId) throw missingKeyField('channelTxnId');
  if (keyIdField === 'orderId' && !orderId) throw missingKeyField('orderId');
  function missingKeyField(f: string): UserError {
    return new UserError('profile.bad_natural_key', `模板 ${profile.id} 的去重键用到 ${f}，但没有映射这一列`, `Profile ${profile.id} uses ${f} in its natural key but does not map that column`, { profile: profile.id });
  }

  return (cells, row) => {
    for (const f of filters) {
      const v = value(cells, f.col).text;
      if ((f.keep && !f.keep.has(v)) || (f.drop && f.drop.has(v))) return { type: 'filtered', reason: `${f.col.label}=${v}` };
    }
    let channelId = ctx.channelId;
    if (chCol) {
      const v = value(cells, chCol).text;
      const id = ctx.aliases.get(v);
      if (id === undefined) {
        if (chField!.unknown === 'reject-row') return { type: 'rejected', reason: `${chCol.label}=${v}` };
        throw new UserError(
          'import.unknown_channel',
          `文件 ${ctx.fileName} 第 ${row} 行的渠道“${v}”不是任何渠道的别名。请先用 channel add … --alias ${v} 登记。未导入任何数据。`,
          `File ${ctx.fileName}, row ${row}: channel "${v}" is no channel's alias. Register it with channel add … --alias ${v}. Nothing was imported.`,
          { file: ctx.fileName, row, column: chCol.label, value: v, reason: 'unknown channel' },
        );
      }
      channelId = id;
    }
    const channel = ctx.channels.get(channelId!)!;
    let currency = curDefault ?? channel.currency;
    if (curCol) {
      const text = value(cells, curCol).text;
      if (text !== '') {
        if (text !== lastCurrencyText) {
          const c = text.toUpperCase();
          if (!/^[A-Z]{3}$/.test(c)) throw badValue(ctx, row, curCol.label, c, '币种应为三位字母代码（如 CNY）', 'currency must be a 3-letter code such as CNY');
          lastCurrencyText = text;
          lastCurrencyCode = c;
        }
        currency = lastCurrencyCode;
      }
    }

    let kind: RecordKind | null = null;
    if ('value' in kindSpec) kind = kindSpec.value;
    else if (kindRules) kind = kindByRules(cells, row);
    else if (kindCol) {
      const v = value(cells, kindCol).text;
      kind = kindMap!.get(v) ?? ('default' in kindSpec ? kindSpec.default : undefined) ?? null;
      if (kind === null) {
        throw badValue(ctx, row, kindCol.label, v, `不认识的类型，模板只认 ${[...kindMap!.keys()].join('、')}`, `unknown type; the profile knows ${[...kindMap!.keys()].join(', ')}`);
      }
    }
    let amountMinor = amount(cells, row, currency, kind)!;
    if (kind === null) kind = amountMinor < 0 ? 'refund' : 'payment';
    if (amountSign === 'abs' || 'bySign' in kindSpec) amountMinor = Math.abs(amountMinor);
    let feeMinor = fee ? fee(cells, row, currency, kind) ?? 0 : 0;
    // Stored: a payment's fee charged, a refund's fee returned (both positive in the usual case).
    if (feeCharged !== undefined) feeMinor = (kind === 'payment' ? feeCharged : -feeCharged) * feeMinor || 0;
    else if (feeSign === 'abs') feeMinor = Math.abs(feeMinor);
    const refundedRaw = refunded ? refunded(cells, row, currency, kind) : null;
    const refundedMinor = refundedRaw === null ? null : Math.abs(refundedRaw);

    let tc = timeCol;
    let tv = value(cells, timeCol);
    if (tv.text === '' && timeFallback) {
      tc = timeFallback;
      tv = value(cells, timeFallback);
    }
    const todV = timeOfDayCol ? value(cells, timeOfDayCol) : null;
    const zone = time.timeZone ?? (ctx.side === 'internal' ? ctx.workspaceTimeZone : channel.timeZone);
    const t = tv.kind === 'bad' ? { ok: false as const } : declaredTime === null ? parseTime(tv, todV, zone, ctx.date1904) : declaredTime(tv, todV, zone, cells, row);
    if (!t.ok) {
      const shown = todV ? `${tv.text} ${todV.text}` : tv.text;
      if (time.format !== undefined) throw badValue(ctx, row, tc.label, shown, `不符合模板声明的日期格式 ${time.format}`, `does not match the profile's date format ${time.format}`);
      throw badValue(ctx, row, tc.label, shown, '不是可识别的日期时间（如 2026-10-01 12:00:00）', 'not a recognisable date and time (like 2026-10-01 12:00:00)');
    }
    const periodZone = ctx.side === 'internal' ? ctx.workspaceTimeZone : channel.timeZone;

    const rec: NormalisedRecord = {
      channelId: channelId!,
      kind,
      orderId: orderId ? orderId(cells, row) : null,
      channelTxnId: channelTxnId ? channelTxnId(cells, row) : null,
      // A payment has no refund id; bills put placeholders there (WeChat writes 0).
      refundId: refundId && kind === 'refund' ? refundId(cells, row) : null,
      amountMinor,
      feeMinor,
      refundedMinor,
      currency,
      status: status ? status(cells, row) : null,
      occurredAt: t.instant,
      period: periodOfCached(t.instant, periodZone),
      account: account ? account(cells, row) : null,
      memo: memo ? memo(cells, row) : null,
      naturalKey: '',
    };
    if (keyIdField && rec[keyIdField] === null) {
      const c = keyIdField === 'orderId' ? profile.fields.orderId! : profile.fields.channelTxnId!;
      throw badValue(ctx, row, index.find(c.from)?.label ?? keyIdField, '', '编号为空，无法识别这一行', 'the id is empty, so the row cannot be identified');
    }
    rec.naturalKey = keyFields.map((f) => keyPart(rec, f)).join('|');
    return { type: 'record', record: rec };
  };
}

function keyPart(r: NormalisedRecord, f: string): string {
  switch (f) {
    case 'time': return String(r.occurredAt);
    case 'amount': return String(r.amountMinor);
    case 'kind': return r.kind;
    default: return (r[f as 'orderId' | 'channelTxnId' | 'refundId' | 'account'] ?? '');
  }
}
