// match, report, diffs, resolve, match-manual, undo, close, reopen, suggest: the matching workflow from
// the command line. Amounts are typed and printed in the channel's major unit; --json prints minor units.
import { CATEGORIES, PERIOD_PATTERN, type Category, type ChannelSettings } from '../../../shared/domain';
import { CATEGORY_TERMS, RESOLUTION_TERMS, categoryFromTerm, resolutionFromTerm } from '../../../shared/glossary';
import { currencyExponent, formatMoney, parseMoney } from '../../../shared/money';
import type { ChannelPeriodReport, DifferenceRecord, DifferenceView } from '../../../shared/report';
import { formatInstant } from '../../../shared/time';
import { getChannel } from '../../engine/channels';
import { UserError } from '../../engine/errors';
import { matchAndScreen } from '../../engine/risk/match-and-screen';
import { listSuggestions } from '../../engine/match/suggest';
import { periodCap } from '../../engine/match/tolerance';
import type { DB } from '../../engine/workspace/db';
import { channelReport, computeReport, countDifferences, listDifferences } from '../../engine/report';
import { USER_RESOLUTIONS, type UserResolution } from '../../engine/resolve/effects';
import { decideOrRequest } from '../../engine/resolve/approvals';
import type { closePeriod } from '../../engine/resolve/periods';
import { undoDifference, type bulkResolve, type manualMatch } from '../../engine/resolve/resolve';
import { opt, optList } from '../args';
import { requirePositional, type CliCommand, type CliContext } from '../context';


function need(ctx: CliContext, name: string): string {
  const v = opt(ctx.args, name);
  if (v === undefined) throw new UserError('cli.missing_option', `缺少选项 --${name}`, `Missing option --${name}`);
  return v;
}

function periodOption(ctx: CliContext, required: true): string;
function periodOption(ctx: CliContext, required: false): string | undefined;
function periodOption(ctx: CliContext, required: boolean): string | undefined {
  const p = required ? need(ctx, 'period') : opt(ctx.args, 'period');
  if (p !== undefined && !PERIOD_PATTERN.test(p)) throw new UserError('cli.bad_period', `账期格式应为 YYYY-MM：${p}`, `A period is written YYYY-MM: ${p}`);
  return p;
}

function categoryOption(ctx: CliContext): Exclude<Category, 'matched'> | undefined {
  const c = opt(ctx.args, 'category');
  if (c === undefined) return undefined;
  const code = categoryFromTerm(c);
  if (code === undefined || code === 'matched') {
    const names = CATEGORIES.slice(1).map((k) => `${k}/${CATEGORY_TERMS[k].zh}`).join(', ');
    throw new UserError('cli.bad_category', `未知差错类别：${c}（可用：${names}）`, `Unknown difference category: ${c} (one of ${names})`);
  }
  return code;
}

function idArgument(text: string, what: string): number {
  if (!/^[1-9]\d{0,15}$/.test(text)) throw new UserError('cli.bad_id', `${what} 应为正整数编号：${text}`, `${what} must be a positive number: ${text}`);
  return Number(text);
}

/** "5.00" in the channel's currency → minor units, through the shared money parser. */
function amountOption(ctx: CliContext, name: string, currency: string): number | undefined {
  const text = opt(ctx.args, name);
  if (text === undefined) return undefined;
  const parsed = parseMoney(text, { exponent: currencyExponent(currency) });
  if (!parsed.ok || parsed.minor < 0) throw new UserError('cli.bad_amount', `--${name} 应为非负金额，如 5.00：${text}`, `--${name} must be a non-negative amount such as 5.00: ${text}`);
  return parsed.minor;
}

function resolutionOption(ctx: CliContext): UserResolution {
  const as = need(ctx, 'as');
  const code = resolutionFromTerm(as);
  if (code === undefined || !(USER_RESOLUTIONS as readonly string[]).includes(code)) {
    const names = USER_RESOLUTIONS.map((k) => `${k}/${RESOLUTION_TERMS[k].zh}`).join('|');
    throw new UserError('cli.bad_resolution', `--as 应为 ${names}：${as}`, `--as must be one of ${USER_RESOLUTIONS.join('|')}: ${as}`);
  }
  return code as UserResolution;
}

function reportLines(ctx: CliContext, r: ChannelPeriodReport, period: string): string[] {
  const m = (v: number) => formatMoney(v, r.currency);
  const c = r.counts;
  return [
    `${ctx.t('渠道', 'Channel')} ${r.channel} (${r.currency})  ${ctx.t('账期', 'period')} ${period}${r.closed ? ctx.t('  [已关账]', '  [closed]') : ''}${r.matched_at ? '' : ctx.t('  [尚未勾对]', '  [not matched yet]')}`,
    `  ${ctx.t('支付笔数', 'payments')} ${r.payment_rows}  ${ctx.t('退款笔数', 'refunds')} ${r.refund_rows}`,
    `  ${ctx.t('交易总额', 'gross')} ${m(r.gross)}  ${ctx.t('退款', 'refunds')} ${m(r.refunds)}  ${ctx.t('手续费', 'fees')} ${m(r.fees)}  ${ctx.t('净额', 'net')} ${m(r.net)}`,
    `  ${ctx.t('双方认可金额', 'agreed')} ${m(r.agreed)}  ${ctx.t('争议金额', 'disputed')} ${m(r.disputed)}  ${ctx.t('我方主张金额', 'claims')} ${m(r.claims)}  ${ctx.t('已豁免', 'waived')} ${m(r.waived_total)} (${r.waived_count})`,
    `  ${ctx.t('已勾对', 'matched')} ${c.matched}  ${ctx.t('金额不符', 'amount_mismatch')} ${c.amount_mismatch} (${ctx.t('容差豁免', 'waived')} ${c.waived})  ${ctx.t('长款', 'channel_only')} ${c.channel_only}  ${ctx.t('短款', 'internal_only')} ${c.internal_only}  ${ctx.t('跨期在途', 'carried_forward')} ${c.carried_forward}  ${ctx.t('退款不符', 'refund_mismatch')} ${c.refund_mismatch}  ${ctx.t('重复支付', 'duplicate')} ${c.duplicate}`,
    `  ${ctx.t('未处理差错', 'open differences')} ${r.open_differences}${r.unmatched_rows ? ctx.t(`  未勾对的新记录 ${r.unmatched_rows}（请重新执行 match）`, `  rows imported since the last match: ${r.unmatched_rows} (run match again)`) : ''}`,
  ];
}

function recordLine(ctx: CliContext, r: DifferenceRecord, currency: string, timeZone: string): string {
  const side = r.side === 'channel' ? ctx.t('渠道', 'channel ') : ctx.t('内部', 'internal');
  const ids = [r.orderId, r.channelTxnId, r.refundId].filter((x) => x !== null).join(' / ');
  const fee = r.side === 'channel' ? `  ${ctx.t('手续费', 'fee')} ${formatMoney(r.feeMinor, currency)}` : '';
  const status = r.status !== null ? `  ${r.status}` : '';
  const refunded = r.refundedMinor ? `  ${ctx.t('已退', 'refunded')} ${formatMoney(r.refundedMinor, currency)}` : '';
  return `    ${side} #${r.id} ${r.kind === 'refund' ? ctx.t('退款', 'refund') : ctx.t('支付', 'payment')} ${formatInstant(r.occurredAt, timeZone)}  ${formatMoney(r.amountMinor, currency).padStart(12)}${fee}${refunded}${status}  ${ids}  (${r.fileName}:${r.rowNumber})`;
}

function differenceLines(ctx: CliContext, d: DifferenceView, timeZone: string): string[] {
  const currency = d.currency ?? 'CNY';
  const m = (v: number) => formatMoney(v, currency);
  const state = d.status === 'open' ? ctx.t('未处理', 'open') : `${d.resolution ? ctx.t(RESOLUTION_TERMS[d.resolution].zh, d.resolution) : ''}${d.reason ? ` (${d.reason})` : ''}`;
  return [
    `#${d.id}  ${d.category} ${CATEGORY_TERMS[d.category].zh}  ${state}  ${ctx.t('订单', 'order')} ${d.orderId ?? '-'}  ${ctx.t('渠道', 'channel')} ${m(d.channelAmountMinor)} | ${ctx.t('内部', 'internal')} ${m(d.internalAmountMinor)} | ${ctx.t('差额', 'difference')} ${m(d.differenceMinor)}${d.note ? `  ${ctx.t('备注', 'note')}: ${d.note}` : ''}`,
    ...d.internal.map((r) => recordLine(ctx, r, currency, timeZone)),
    ...d.channel.map((r) => recordLine(ctx, r, currency, timeZone)),
  ];
}

const match: CliCommand = {
  name: 'match',
  usage: 'match --period YYYY-MM [--channel ID] [--preview]',
  summary: { zh: '勾对一个账期（--preview 只显示将发生的变化，不写入）', en: 'Match a period (--preview shows what would change without writing)' },
  options: { period: {}, channel: {}, preview: { flag: true } },
  run(ctx) {
    const result = matchAndScreen(ctx.workspace().db, { period: periodOption(ctx, true), channelId: opt(ctx.args, 'channel'), preview: ctx.args.flags.has('preview') });
    ctx.print(result, () => {
      const lines = result.preview ? [ctx.t('预览：以下变化不会写入工作区', 'Preview: nothing below is written to the workspace')] : [];
      if (result.channels.length === 0) lines.push(ctx.t(`账期 ${result.period} 没有任何记录。`, `No records in period ${result.period}.`));
      for (const c of result.channels) {
        if (c.skipped) {
          lines.push(ctx.t(`渠道 ${c.channel}：账期已关账，跳过`, `Channel ${c.channel}: period closed, skipped`));
          continue;
        }
        lines.push(ctx.t(
          `渠道 ${c.channel}：勾对 ${c.matchedPayments} 笔支付、${c.agreedRefundRows} 笔退款；差错 新增 ${c.added}、变化 ${c.changed}、消失 ${c.gone}、不变 ${c.unchanged}；保留人工处理 ${c.decisionsKept}；容差自动豁免 ${c.autoWaived} 笔${c.capReached ? '（已达账期上限，其余需手工豁免）' : ''}；释放前期挂账 ${c.released}`,
          `Channel ${c.channel}: matched ${c.matchedPayments} payments and ${c.agreedRefundRows} refunds; differences added ${c.added}, changed ${c.changed}, gone ${c.gone}, unchanged ${c.unchanged}; manual decisions kept ${c.decisionsKept}; auto-waived ${c.autoWaived}${c.capReached ? ' (period cap reached: waive the rest explicitly)' : ''}; earlier carried items released ${c.released}`,
        ));
        if (c.report) lines.push(...reportLines(ctx, c.report, result.period));
        const risk = result.risk?.channels.find((r) => r.channelId === c.channel);
        if (risk) lines.push(ctx.t(`  风控：筛查 ${risk.screened} 笔，提示 ${risk.hits} 条（新增 ${risk.newHits}），见 recondesk screen`, `  Risk: ${risk.screened} screened, ${risk.hits} hits (${risk.newHits} new); see recondesk screen`));
      }
      return lines;
    });
  },
};

const report: CliCommand = {
  name: 'report',
  usage: 'report --period YYYY-MM [--channel ID] [--json]',
  summary: { zh: '各渠道账期汇总：净额、双方认可、争议、我方主张、各类差错数', en: 'Period figures per channel: net, agreed, disputed, claims, counts per category' },
  access: 'read',
  options: { period: {}, channel: {} },
  run(ctx) {
    const r = computeReport(ctx.workspace().db, { period: periodOption(ctx, true), channelId: opt(ctx.args, 'channel') });
    ctx.print(r, () => r.channels.length === 0
      ? [ctx.t(`账期 ${r.period} 没有任何记录。`, `No records in period ${r.period}.`)]
      : r.channels.flatMap((c) => reportLines(ctx, c, r.period)));
  },
};

const diffs: CliCommand = {
  name: 'diffs',
  usage: 'diffs --channel ID --period YYYY-MM [--category C] [--status open|resolved] [--limit N] [--offset N] [--json]',
  summary: { zh: '列出差错，双方记录并排显示', en: 'List differences with both sides side by side' },
  access: 'read',
  options: { channel: {}, period: {}, category: {}, status: {}, limit: {}, offset: {} },
  run(ctx) {
    const db = ctx.workspace().db;
    const channel = getChannel(db, need(ctx, 'channel'));
    const status = opt(ctx.args, 'status');
    if (status !== undefined && status !== 'open' && status !== 'resolved') throw new UserError('cli.bad_status', `--status 应为 open 或 resolved：${status}`, `--status must be open or resolved: ${status}`);
    const filter = { channelId: channel.id, period: periodOption(ctx, true), category: categoryOption(ctx), status: status as 'open' | 'resolved' | undefined };
    const limit = opt(ctx.args, 'limit');
    const offset = opt(ctx.args, 'offset');
    const list = listDifferences(db, { ...filter, limit: limit === undefined ? 1000 : Math.min(idArgument(limit, '--limit'), 1000), offset: offset === undefined || offset === '0' ? 0 : idArgument(offset, '--offset') });
    const total = countDifferences(db, filter);
    ctx.print({ total, differences: list }, () => [
      ctx.t(`共 ${total.count} 条差错，差额合计 ${formatMoney(total.amountMinor, channel.currency)}，显示 ${list.length} 条`, `${total.count} differences, total difference ${formatMoney(total.amountMinor, channel.currency)}; showing ${list.length}`),
      ...list.flatMap((d) => differenceLines(ctx, d, channel.timeZone)),
    ]);
  },
};

/** A decision's reason only when given (the engine tells a missing reason from an empty one). */
function withReason(d: { as: UserResolution; note: string; reason: string | undefined }): { as: UserResolution; note: string; reason?: string } {
  return d.reason === undefined ? { as: d.as, note: d.note } : { as: d.as, note: d.note, reason: d.reason };
}

/** After a waiver: says so when the period's waivers now pass the channel's cap. */
function capLines(ctx: CliContext, db: DB, channel: ChannelSettings, period: string, as: string): string[] {
  if (as !== 'waive') return [];
  const r = channelReport(db, channel, period);
  const cap = periodCap(channel, r.gross);
  if (cap === null || r.waived_total <= cap) return [];
  const used = `${formatMoney(r.waived_total, channel.currency)} / ${formatMoney(cap, channel.currency)}`;
  return [ctx.t(`注意：本期豁免已超出上限（${used}）`, `Note: this period's waivers pass the cap (${used})`)];
}

const resolve: CliCommand = {
  name: 'resolve',
  usage: 'resolve DIFF_ID --as backfill|carry|dispute|refund|writeoff|waive --note TEXT [--reason R]  |  resolve --channel ID --period P [--category C] [--min-amount A] [--max-amount A] --as … --note TEXT',
  summary: { zh: '处理差错（单条，或按条件批量）', en: 'Resolve a difference, or every open one a filter selects' },
  options: { as: {}, note: {}, reason: {}, channel: {}, period: {}, category: {}, 'min-amount': {}, 'max-amount': {} },
  run(ctx) {
    const db = ctx.workspace().db;
    const decision = { as: resolutionOption(ctx), note: need(ctx, 'note'), reason: opt(ctx.args, 'reason') };
    const idText = ctx.args.positionals[0];
    if (idText !== undefined) {
      const d = decideOrRequest<DifferenceView>(db, { kind: 'resolve', id: idArgument(idText, 'DIFF_ID'), decision: withReason(decision) });
      const ch = getChannel(db, d.channelId);
      ctx.print(d, () => [ctx.t(`差错 #${d.id} 已处理为 ${d.resolution ? RESOLUTION_TERMS[d.resolution].zh : ''}`, `Difference #${d.id} resolved as ${d.resolution ?? ''}`), ...differenceLines(ctx, d, ch.timeZone), ...capLines(ctx, db, ch, d.period, decision.as)]);
      return;
    }
    const channel = getChannel(db, need(ctx, 'channel'));
    const r = decideOrRequest<ReturnType<typeof bulkResolve>>(db, { kind: 'bulk_resolve', filter: {
      channelId: channel.id, period: periodOption(ctx, true), category: categoryOption(ctx),
      minAmount: amountOption(ctx, 'min-amount', channel.currency), maxAmount: amountOption(ctx, 'max-amount', channel.currency),
    }, decision: withReason(decision) });
    ctx.print(r, () => [ctx.t(
      `已将 ${r.count} 条差错处理为 ${RESOLUTION_TERMS[decision.as].zh}，差额合计 ${formatMoney(r.amountMinor, channel.currency)}，涉及渠道净额 ${formatMoney(r.channelNetMinor, channel.currency)}`,
      `Resolved ${r.count} differences as ${decision.as}: total difference ${formatMoney(r.amountMinor, channel.currency)}, channel net ${formatMoney(r.channelNetMinor, channel.currency)}`,
    ), ...capLines(ctx, db, channel, periodOption(ctx, true), decision.as)]);
  },
};

const matchManual: CliCommand = {
  name: 'match-manual',
  usage: 'match-manual --internal ID… --channel ID… --note TEXT [--reason R]  (--reason required beyond the tolerance)',
  summary: { zh: '手工匹配内部记录与渠道记录（一对一、一对多、多对一）', en: 'Match internal and channel records by hand (one-to-one, one-to-many, many-to-one)' },
  options: { internal: { multiple: true }, channel: { multiple: true }, note: {}, reason: {} },
  run(ctx) {
    const db = ctx.workspace().db;
    const reason = opt(ctx.args, 'reason');
    const r = decideOrRequest<ReturnType<typeof manualMatch>>(db, { kind: 'manual_match', input: {
      internalIds: optList(ctx.args, 'internal').map((x) => idArgument(x, '--internal')),
      channelIds: optList(ctx.args, 'channel').map((x) => idArgument(x, '--channel')),
      note: need(ctx, 'note'),
      ...(reason !== undefined ? { reason } : {}),
    } });
    const currency = (db.prepare('SELECT currency FROM manual_matches m JOIN channels c ON c.id = m.channel_id WHERE m.id = ?').get(r.id) as { currency: string }).currency;
    ctx.print(r, () => [...(r.beyondTolerance ? [ctx.t(`超出容差（${formatMoney(r.toleranceMinor, currency)}）的手工匹配，原因：${opt(ctx.args, 'reason') ?? ''}`,
      `Manual match beyond the tolerance (${formatMoney(r.toleranceMinor, currency)}), reason: ${opt(ctx.args, 'reason') ?? ''}`)] : []), ctx.t(
      `手工匹配 #${r.id}：渠道 ${formatMoney(r.channelAmountMinor, currency)}，内部 ${formatMoney(r.internalAmountMinor, currency)}，差额 ${formatMoney(r.differenceMinor, currency)}；已处理差错 ${r.differenceIds.map((d) => '#' + d).join(' ')}`,
      `Manual match #${r.id}: channel ${formatMoney(r.channelAmountMinor, currency)}, internal ${formatMoney(r.internalAmountMinor, currency)}, difference ${formatMoney(r.differenceMinor, currency)}; resolved differences ${r.differenceIds.map((d) => '#' + d).join(' ')}`,
    )]);
  },
};

const undo: CliCommand = {
  name: 'undo',
  usage: 'undo DIFF_ID [--note TEXT]',
  summary: { zh: '撤销差错的处理，恢复为未处理', en: 'Undo the resolution of a difference (back to open)' },
  options: { note: {} },
  run(ctx) {
    const d = undoDifference(ctx.workspace().db, idArgument(requirePositional(ctx, 0, 'DIFF_ID'), 'DIFF_ID'), opt(ctx.args, 'note'));
    ctx.print(d, () => [ctx.t(`差错 #${d.id} 已恢复为未处理`, `Difference #${d.id} is open again`)]);
  },
};

const close: CliCommand = {
  name: 'close',
  usage: 'close --channel ID --period YYYY-MM --note TEXT [--with-open]',
  summary: { zh: '关账：锁定渠道账期，不再允许修改（有未决差错时须加 --with-open）', en: 'Close a channel period: no more changes (--with-open when differences are still open)' },
  options: { channel: {}, period: {}, note: {}, 'with-open': { flag: true } },
  run(ctx) {
    const db = ctx.workspace().db;
    const channel = getChannel(db, need(ctx, 'channel'));
    const period = periodOption(ctx, true);
    const figures = channelReport(db, channel, period);
    const note = opt(ctx.args, 'note') ?? '';
    const closed = decideOrRequest<ReturnType<typeof closePeriod>>(db, { kind: 'close', channelId: channel.id, period, note, withOpen: ctx.args.flags.has('with-open') });
    ctx.print({ ...closed, figures }, () => [
      ctx.t(`渠道 ${channel.id} 账期 ${period} 已关账`, `Channel ${channel.id} period ${period} closed`),
      ...(figures.open_differences > 0 ? [ctx.t(`带着 ${figures.open_differences} 笔未决差错关账（--with-open）`, `Closed with ${figures.open_differences} open differences (--with-open)`)] : []),
      ...reportLines(ctx, { ...figures, closed: true }, period),
    ]);
  },
};

const reopen: CliCommand = {
  name: 'reopen',
  usage: 'reopen --channel ID --period YYYY-MM --note TEXT',
  summary: { zh: '重新打开已关账的账期（需说明原因，记入审计日志）', en: 'Reopen a closed period (needs a reason; audited)' },
  options: { channel: {}, period: {}, note: {} },
  run(ctx) {
    const channel = need(ctx, 'channel');
    const period = periodOption(ctx, true);
    decideOrRequest(ctx.workspace().db, { kind: 'reopen', channelId: channel, period, note: need(ctx, 'note') });
    ctx.print({ channelId: channel, period, closed: false }, () => [ctx.t(`渠道 ${channel} 账期 ${period} 已重新打开`, `Channel ${channel} period ${period} reopened`)]);
  },
};

const suggest: CliCommand = {
  name: 'suggest',
  usage: 'suggest --channel ID --period YYYY-MM [--window-minutes 1440]',
  summary: { zh: '为无法按单号勾对的渠道记录推荐同金额的内部订单（仅建议，不自动匹配）', en: 'Suggest same-amount internal orders for channel rows that keys cannot match (never applied)' },
  access: 'read',
  options: { channel: {}, period: {}, 'window-minutes': {} },
  run(ctx) {
    const db = ctx.workspace().db;
    const channel = getChannel(db, need(ctx, 'channel'));
    const window = opt(ctx.args, 'window-minutes');
    const list = listSuggestions(db, { channelId: channel.id, period: periodOption(ctx, true), windowMinutes: window === undefined ? undefined : idArgument(window, '--window-minutes') });
    ctx.print(list, () => list.length === 0 ? [ctx.t('没有建议。', 'No suggestions.')] : list.flatMap((s) => [
      `${ctx.t('渠道记录', 'channel record')} #${s.channelRecordId} (${ctx.t('差错', 'difference')} #${s.differenceId}) ${formatMoney(s.amountMinor, channel.currency)} ${formatInstant(s.occurredAt, channel.timeZone)}`,
      ...s.candidates.map((c) => `    → ${ctx.t('内部', 'internal')} #${c.internalRecordId} ${c.orderId ?? '-'} ${formatInstant(c.occurredAt, channel.timeZone)} (${ctx.t('相差', 'apart')} ${c.secondsApart}s)   match-manual --internal ${c.internalRecordId} --channel ${s.channelRecordId} --note …`),
    ]));
  },
};

export const matchCommands: CliCommand[] = [match, report, diffs, resolve, matchManual, undo, close, reopen, suggest];
