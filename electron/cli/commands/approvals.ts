// four-eyes / approvals / approve / reject (docs/month-end.md "Four eyes").
import type { ApprovalRequestView } from '../../../shared/approvals';
import { formatLocalTime, localTimeZone } from '../../../shared/time';
import { UserError } from '../../engine/errors';
import { approveRequest, getFourEyes, listApprovals, rejectRequest, setFourEyes } from '../../engine/resolve/approvals';
import { opt } from '../args';
import { requirePositional, type CliCommand, type CliContext } from '../context';

function requestId(text: string): number {
  if (!/^\d+$/.test(text)) throw new UserError('cli.bad_id', `审批请求编号应为数字：${text}`, `A request id is a number: ${text}`);
  return Number(text);
}

function amountMinor(text: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new UserError('cli.bad_amount', `--above 应为金额，如 100.00：${text}`, `--above must be an amount such as 100.00: ${text}`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function requestLine(ctx: CliContext, r: ApprovalRequestView): string {
  const where = [r.channelId, r.period].filter(Boolean).join(' ');
  return `#${r.id} ${r.kind} ${where}  ${r.why[ctx.lang]}  ${ctx.t('申请人', 'by')} ${r.requestedBy} ${formatLocalTime(r.requestedAt)}  ${JSON.stringify(r.before)} → ${JSON.stringify(r.after)}`;
}

const fourEyes: CliCommand = {
  name: 'four-eyes',
  usage: 'four-eyes [--on|--off] [--above AMOUNT]',
  summary: { zh: '双人复核：大额豁免/核销、超容差手工匹配、关账与重新打开须第二人批准', en: 'Four eyes: big waivers/write-offs, manual matches beyond tolerance, close and reopen need a second operator' },
  options: { on: { flag: true }, off: { flag: true }, above: {} },
  run(ctx) {
    const db = ctx.workspace().db;
    const above = opt(ctx.args, 'above');
    const changed = ctx.args.flags.has('on') || ctx.args.flags.has('off') || above !== undefined;
    const s = changed
      ? setFourEyes(db, { ...(ctx.args.flags.has('on') ? { enabled: true } : ctx.args.flags.has('off') ? { enabled: false } : {}), ...(above !== undefined ? { thresholdMinor: amountMinor(above) } : {}) })
      : getFourEyes(db);
    ctx.print(s, () => [s.enabled
      ? ctx.t(`双人复核已开启：超过 ${(s.thresholdMinor / 100).toFixed(2)} 的豁免/核销、超容差手工匹配、关账、重新打开须第二人批准`, `Four eyes on: waivers/write-offs above ${(s.thresholdMinor / 100).toFixed(2)}, manual matches beyond tolerance, close and reopen need a second operator`)
      : ctx.t('双人复核未开启', 'Four eyes off')]);
  },
};

const approvals: CliCommand = {
  name: 'approvals',
  usage: 'approvals [--all]',
  summary: { zh: '列出待审批的请求（--all 含已处理）', en: 'List approval requests waiting (--all: every one)' },
  options: { all: { flag: true } },
  run(ctx) {
    const list = listApprovals(ctx.workspace().db, ctx.args.flags.has('all') ? undefined : 'pending');
    ctx.print(list, () => list.length === 0 ? [ctx.t('没有待审批的请求。', 'Nothing waits for approval.')]
      : [ctx.t(`时间为本地时间（${localTimeZone()}）`, `Times are local (${localTimeZone()})`), ...list.map((r) => requestLine(ctx, r))]);
  },
};

const approve: CliCommand = {
  name: 'approve',
  usage: 'approve REQUEST_ID [--note TEXT]',
  summary: { zh: '批准审批请求（须不是申请人本人），操作随即生效', en: 'Approve a request (not the requester\'s own); the decision takes effect' },
  options: { note: {} },
  run(ctx) {
    const r = approveRequest(ctx.workspace().db, requestId(requirePositional(ctx, 0, 'REQUEST_ID')), opt(ctx.args, 'note'));
    ctx.print(r, () => [ctx.t(`已批准 #${r.id}（申请人 ${r.requestedBy}，批准人 ${r.decidedBy ?? ''}）`, `Approved #${r.id} (requested by ${r.requestedBy}, approved by ${r.decidedBy ?? ''})`)]);
  },
};

const reject: CliCommand = {
  name: 'reject',
  usage: 'reject REQUEST_ID --note TEXT',
  summary: { zh: '驳回审批请求（须说明原因）', en: 'Reject a request (with a reason)' },
  options: { note: {} },
  run(ctx) {
    const r = rejectRequest(ctx.workspace().db, requestId(requirePositional(ctx, 0, 'REQUEST_ID')), opt(ctx.args, 'note') ?? '');
    ctx.print(r, () => [ctx.t(`已驳回 #${r.id}`, `Rejected #${r.id}`)]);
  },
};

export const approvalCommands: CliCommand[] = [fourEyes, approvals, approve, reject];
