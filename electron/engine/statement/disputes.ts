// The dispute workbook: a channel's open differences sent to the channel with a column for their
// answer, read back when it returns, turned into proposed resolutions a person confirms, then applied
// through the resolution engine with the channel's note.
//
// What an answer means (the channel answers about its own bill):
//   认可 / accept   — the channel agrees its bill is wrong on this item and will correct or pay:
//                     resolved as 争议 (dispute: our claim stands, acknowledged), so it stays out of
//                     the agreed amount until the money moves.
//   不认可 / reject — the channel says its bill is right, so our side must follow it:
//                     channel_only → 补单 (backfill), duplicate → 退款 (refund the payer),
//                     amount_mismatch / refund_mismatch / internal_only → 核销 (write off),
//                     carried_forward → 挂账 (carry).
//   更正金额 / corrected amount — equal to our figure means accept, equal to the channel's figure
//                     means reject; any other amount stays a 争议 with the amount in the note.
// Every proposal is only a proposal: nothing is written until `applyDisputeAnswers` is called with
// the ids a person confirmed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Category } from '../../../shared/domain';
import type { AnswerResolution, AppliedAnswers, DisputeAnswer, DisputeAnswers, ProposedResolution } from '../../../shared/contract/statement';
import type { Lang } from '../../../shared/errors';
import { currencyExponent, formatMoney, parseMoney } from '../../../shared/money';
import type { DifferenceView } from '../../../shared/report';
import { formatInstant } from '../../../shared/time';
import { getChannel } from '../channels';
import { UserError } from '../errors';
import { openSource } from '../import/readers';
import type { RawCell, SourceRow } from '../import/source';
import { findDifference } from '../report';
import { resolveDifference } from '../resolve/resolve';
import type { DB } from '../workspace/db';
import type { AtomicFile, WrittenFile } from './atomic-file';
import { CATEGORY_LABEL, say } from './labels';
import { allDifferences } from './load';
import { placeRecorded } from './recorded';
import { money, text, XlsxWriter } from './xlsx-writer';

const SHEET = { zh: '争议清单', en: 'Disputes' };
const INFO_SHEET = { zh: '说明', en: 'Instructions' };

const COLUMNS = {
  id: { zh: '差错编号', en: 'Difference id' },
  check: { zh: '校验码', en: 'Check code' },
  category: { zh: '类别', en: 'Category' },
  orderId: { zh: '商户订单号', en: 'Order id' },
  txnId: { zh: '渠道流水号', en: 'Channel txn id' },
  channelAmount: { zh: '渠道金额', en: 'Channel amount' },
  internalAmount: { zh: '我方金额', en: 'Our amount' },
  difference: { zh: '差额（渠道−我方）', en: 'Difference (channel − ours)' },
  time: { zh: '交易时间', en: 'Time' },
  ourNote: { zh: '我方说明', en: 'Our note' },
  answer: { zh: '渠道答复（认可/不认可/更正金额）', en: 'Channel answer (accept/reject/correct)' },
  corrected: { zh: '更正金额', en: 'Corrected amount' },
  channelNote: { zh: '渠道备注', en: 'Channel note' },
} as const;
type Column = keyof typeof COLUMNS;
const COLUMN_ORDER: Column[] = ['id', 'check', 'category', 'orderId', 'txnId', 'channelAmount', 'internalAmount', 'difference', 'time', 'ourNote', 'answer', 'corrected', 'channelNote'];

/** Ties an answer to the facts it was given on: if the difference changed since, the answer is stale. */
export function checkCode(d: Pick<DifferenceView, 'id' | 'category' | 'channelAmountMinor' | 'internalAmountMinor'>): string {
  return createHash('sha256').update(`${d.id}|${d.category}|${d.channelAmountMinor}|${d.internalAmountMinor}`).digest('hex').slice(0, 10);
}

export function exportDisputes(db: DB, target: { channelId: string; period: string; outPath: string; lang?: Lang }): WrittenFile & { rows: number } {
  const lang = target.lang ?? 'zh';
  const channel = getChannel(db, target.channelId);
  const e = currencyExponent(channel.currency);
  const open = db.transaction(() => allDifferences(db, target.channelId, target.period, 'open')).deferred();
  const book = new XlsxWriter(target.outPath);
  let sealed: AtomicFile;
  try {
    const sheet = book.addSheet(SHEET[lang], { widths: [10, 12, 16, 26, 32, 14, 14, 14, 20, 30, 26, 14, 36], freezeRows: 1 });
    sheet.row(COLUMN_ORDER.map((c) => text(COLUMNS[c][lang], 'header')));
    for (const d of open) {
      const txn = [...new Set(d.channel.map((r) => r.channelTxnId).filter((v): v is string => !!v))].join(', ');
      const first = d.channel[0] ?? d.internal[0];
      sheet.row([
        String(d.id), checkCode(d), say(CATEGORY_LABEL[d.category], lang), d.orderId ?? '', txn,
        money(d.channelAmountMinor, e), money(d.internalAmountMinor, e), money(d.differenceMinor, e),
        first ? formatInstant(first.occurredAt, channel.timeZone) : '', d.note ?? '', '', null, '',
      ]);
    }
    const info = book.addSheet(INFO_SHEET[lang], { widths: [28, 60] });
    const lines: [string, string][] = lang === 'zh'
      ? [['渠道', `${channel.name}（${channel.id}）`], ['账期', target.period], ['币种', channel.currency], ['差错笔数', String(open.length)],
        ['填写说明', '请在“渠道答复”列填写：认可（贵方账单有误，将更正或支付）、不认可（贵方账单无误）或 更正金额（并在“更正金额”列填写正确金额）；可在“渠道备注”列说明原因。请勿修改其他列。']]
      : [['Channel', `${channel.name} (${channel.id})`], ['Period', target.period], ['Currency', channel.currency], ['Differences', String(open.length)],
        ['How to answer', 'In the answer column write: accept (your bill is wrong on this item and you will correct or pay), reject (your bill is right) or correct (and put the right amount in the corrected amount column); explain in the note column. Please do not change the other columns.']];
    for (const [k, v] of lines) info.row([text(k, 'bold'), text(v, 'wrap')]);
    sealed = book.seal();
  } catch (err) {
    book.abort();
    throw err;
  }
  const written = placeRecorded(db, sealed, (file) => ({
    action: 'disputes.export', channelId: target.channelId, period: target.period, subject: basename(file.path),
    after: { path: file.path, sha256: file.sha256, rows: open.length, ids: open.map((d) => d.id) },
  }));
  return { ...written, rows: open.length };
}

// ---- reading the answers -----------------------------------------------------------------------

function cellString(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (cell.t === 's' || cell.t === 'n' || cell.t === 'e') return String(cell.v).trim();
  if (cell.t === 'b') return cell.v ? 'TRUE' : 'FALSE';
  return '';
}

const ACCEPT = new Set(['认可', '同意', '接受', '确认', '是', 'accept', 'accepted', 'agree', 'yes', 'y']);
const REJECT = new Set(['不认可', '不同意', '拒绝', '否', '不接受', 'reject', 'rejected', 'disagree', 'no', 'n']);
const CORRECT = new Set(['更正金额', '更正', '修改金额', 'correct', 'corrected', 'correction', 'corrected amount']);

function parseAnswer(raw: string): DisputeAnswer | null | 'unknown' {
  const a = raw.trim().toLowerCase();
  if (a === '') return null;
  if (ACCEPT.has(a)) return 'accept';
  if (REJECT.has(a)) return 'reject';
  if (CORRECT.has(a)) return 'correct';
  return 'unknown';
}

function headerIndex(header: string[]): Map<Column, number> {
  const map = new Map<Column, number>();
  header.forEach((h, i) => {
    for (const c of COLUMN_ORDER) if (COLUMNS[c].zh === h || COLUMNS[c].en === h) map.set(c, i);
  });
  return map;
}

/** The category as the workbook printed it, for rows whose difference no longer exists. */
function categoryFromLabel(label: string): Category {
  const found = (Object.keys(CATEGORY_LABEL) as Category[]).find((c) => CATEGORY_LABEL[c].zh === label || CATEGORY_LABEL[c].en === label);
  return found ?? 'channel_only';
}

function rejectResolution(category: Category): AnswerResolution {
  switch (category) {
    case 'channel_only': return 'backfill';
    case 'duplicate': return 'refund';
    case 'carried_forward': return 'carry';
    default: return 'writeoff';
  }
}

function notAnswerable(zh: string, en: string): { zh: string; en: string } {
  return { zh, en };
}

/**
 * Reads a returned dispute workbook into proposals. Writes nothing. The workbook is read with the
 * import readers (the same refusals for broken, encrypted or hostile files as any import).
 */
export function readDisputeAnswers(db: DB, bytes: Uint8Array, fileName: string): DisputeAnswers {
  const opened = openSource(bytes, fileName);
  const table = opened.tables.find((t) => t.name.endsWith(SHEET.zh) || t.name.endsWith(SHEET.en)) ?? opened.tables[0];
  if (!table) throw new UserError('disputes.no_sheet', `${fileName} 中没有争议清单工作表。`, `${fileName} has no disputes sheet.`, { file: fileName });
  let columns: Map<Column, number> | null = null;
  const proposals: ProposedResolution[] = [];
  let unanswered = 0;
  let channelId: string | null = null;
  let period: string | null = null;
  for (const row of table.rows() as Iterable<SourceRow>) {
    const cells = row.cells.map(cellString);
    if (!columns) {
      const found = headerIndex(cells);
      if (found.has('id') && found.has('answer')) columns = found;
      continue;
    }
    const get = (c: Column) => { const i = columns?.get(c); return i === undefined ? '' : (cells[i] ?? ''); };
    const idText = get('id');
    if (!/^\d+$/.test(idText)) continue;
    const id = Number(idText);
    const d = findDifference(db, id);
    // The workbook's channel and period are those of its first difference, answered or not.
    if (channelId === null && d) { channelId = d.channelId; period = d.period; }
    const answer = parseAnswer(get('answer'));
    const channelNote = get('channelNote');
    if (answer === null && channelNote === '') {
      unanswered++;
      continue;
    }
    const base = { differenceId: id, orderId: d?.orderId ?? (get('orderId') || null), category: d?.category ?? categoryFromLabel(get('category')), rowNumber: row.rowNumber, channelNote };
    const refused = (problem: { zh: string; en: string }, a: DisputeAnswer = 'accept', corrected: number | null = null): ProposedResolution =>
      ({ ...base, answer: a, correctedAmountMinor: corrected, proposed: null, problem });
    if (!d) { proposals.push(refused(notAnswerable(`差错 #${id} 不存在。`, `Difference #${id} does not exist.`))); continue; }
    if (d.channelId !== channelId || d.period !== period) {
      proposals.push(refused(notAnswerable(`差错 #${id} 属于 ${d.channelId} ${d.period}，不是本清单的渠道和账期。`, `Difference #${id} belongs to ${d.channelId} ${d.period}, not to this workbook's channel and period.`)));
      continue;
    }
    if (answer === 'unknown' || answer === null) {
      proposals.push(refused(notAnswerable(`第 ${row.rowNumber} 行的答复“${get('answer')}”无法识别，应为 认可 / 不认可 / 更正金额。`, `Row ${row.rowNumber}: answer "${get('answer')}" is not one of accept / reject / correct.`)));
      continue;
    }
    if (get('check') !== checkCode(d)) {
      proposals.push(refused(notAnswerable(`差错 #${id} 在清单发出后已变化（金额或类别不同），此答复不再适用。`, `Difference #${id} changed after the workbook was sent (amount or category); this answer no longer applies.`), answer));
      continue;
    }
    if (d.status !== 'open') {
      proposals.push(refused(notAnswerable(`差错 #${id} 已处理（${d.resolution ?? ''}），不会覆盖。`, `Difference #${id} is already resolved (${d.resolution ?? ''}); it will not be overwritten.`), answer));
      continue;
    }
    const currency = getChannel(db, d.channelId).currency;
    const exponent = currencyExponent(currency);
    let corrected: number | null = null;
    let effective: 'accept' | 'reject' | 'other' = answer === 'correct' ? 'other' : answer;
    if (answer === 'correct') {
      const parsed = parseMoney(get('corrected'), { exponent });
      if (!parsed.ok) {
        proposals.push(refused(notAnswerable(`第 ${row.rowNumber} 行答复为更正金额，但“更正金额”列不是金额：“${get('corrected')}”。`, `Row ${row.rowNumber} answers "correct" but the corrected amount is not an amount: "${get('corrected')}".`), answer));
        continue;
      }
      corrected = parsed.minor;
      if (corrected === d.internalAmountMinor) effective = 'accept';
      else if (corrected === d.channelAmountMinor) effective = 'reject';
    }
    const said = answer === 'accept' ? '认可' : answer === 'reject' ? '不认可' : `更正金额 ${formatMoney(corrected ?? 0, currency)}`;
    const note = `渠道答复：${said}${channelNote ? `；${channelNote}` : ''}`;
    const as: AnswerResolution = effective === 'reject' ? rejectResolution(d.category) : 'dispute';
    proposals.push({ ...base, answer, correctedAmountMinor: corrected, proposed: { as, note }, problem: null });
  }
  if (!columns) {
    throw new UserError('disputes.no_header', `${fileName} 不是 ReconDesk 导出的争议清单（找不到“差错编号”和“渠道答复”列）。`, `${fileName} is not a ReconDesk dispute workbook (no "Difference id" and "Channel answer" columns).`, { file: fileName });
  }
  return { channelId: channelId ?? '', period: period ?? '', fileName, proposals, unanswered };
}

export function readDisputeAnswersFile(db: DB, path: string): DisputeAnswers {
  return readDisputeAnswers(db, readFileSync(path), basename(path));
}

/**
 * Applies the confirmed proposals (by difference id) one by one through the resolution engine; each
 * is its own audited write. A proposal that cannot be applied is reported, never forced.
 */
export function applyDisputeAnswers(db: DB, answers: DisputeAnswers, confirmedIds: readonly number[]): AppliedAnswers {
  const confirmed = new Set(confirmedIds);
  const result: AppliedAnswers = { applied: [], skipped: [] };
  for (const p of answers.proposals) {
    if (!confirmed.has(p.differenceId)) continue;
    if (!p.proposed) {
      result.skipped.push({ differenceId: p.differenceId, reason: p.problem ?? { zh: '无可执行的处理', en: 'nothing to apply' } });
      continue;
    }
    try {
      resolveDifference(db, p.differenceId, { as: p.proposed.as, note: p.proposed.note, reason: p.answer === 'accept' ? '渠道认可' : p.answer === 'reject' ? '渠道不认可' : '渠道更正金额' });
      result.applied.push({ differenceId: p.differenceId, as: p.proposed.as });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      result.skipped.push({ differenceId: p.differenceId, reason: { zh: e.zh, en: e.en } });
    }
  }
  return result;
}
