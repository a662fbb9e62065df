// Four eyes (docs/month-end.md "Four eyes"): optional per workspace, off by default. When on, big waivers
// and write-offs, manual matches beyond tolerance, closing and reopening a period are filed as requests
// and only happen when a second operator approves them; the requester cannot approve their own.
import type { ApprovalKind, ApprovalRequestView, FourEyesSettings } from '../../../shared/approvals';
import { formatMoney } from '../../../shared/money';
import { getChannel } from '../channels';
import { UserError } from '../errors';
import { channelReport, countDifferences, getDifference } from '../report';
import { appendAudit, currentOperator } from '../workspace/audit';
import { getSetting, setSetting, writeTransaction, type DB } from '../workspace/db';
import { assertClosable, assertPeriodOpen, closePeriod, reopenPeriod } from './periods';
import { bulkResolve, manualMatch, resolveDifference, type BulkFilter, type Decision } from './resolve';

export type GuardedAction =
  | { kind: 'resolve'; id: number; decision: Decision }
  | { kind: 'bulk_resolve'; filter: BulkFilter; decision: Decision }
  | { kind: 'manual_match'; input: { internalIds: number[]; channelIds: number[]; note: string; reason?: string } }
  | { kind: 'close'; channelId: string; period: string; note: string; withOpen: boolean }
  | { kind: 'reopen'; channelId: string; period: string; note: string };

const SETTING = 'four_eyes';

export function getFourEyes(db: DB): FourEyesSettings {
  const raw = getSetting(db, SETTING);
  const parsed = raw ? (JSON.parse(raw) as Partial<FourEyesSettings>) : {};
  return { enabled: parsed.enabled === true, thresholdMinor: typeof parsed.thresholdMinor === 'number' ? parsed.thresholdMinor : 0 };
}

export function setFourEyes(db: DB, patch: Partial<FourEyesSettings>): FourEyesSettings {
  return writeTransaction(db, () => {
    const before = getFourEyes(db);
    const after = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as FourEyesSettings;
    setSetting(db, SETTING, JSON.stringify(after));
    appendAudit(db, { action: 'four_eyes.set', before, after });
    return after;
  });
}

interface Need {
  why: { zh: string; en: string };
  channelId: string | null;
  period: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

const BIG_DECISIONS = new Set(['waive', 'writeoff']);

function manualFacts(db: DB, input: { internalIds: number[]; channelIds: number[] }) {
  const sum = (ids: number[]) => ids.map((id) => db.prepare('SELECT channel_id, currency, kind, amount_minor FROM records WHERE id = ?').get(id) as
    { channel_id: string; currency: string; kind: string; amount_minor: number } | undefined)
    .filter((r) => r !== undefined)
    .reduce((s, r) => ({ minor: s.minor + (r.kind === 'refund' ? -r.amount_minor : r.amount_minor), channel: r.channel_id, currency: r.currency }), { minor: 0, channel: '', currency: 'CNY' });
  const c = sum(input.channelIds);
  const i = sum(input.internalIds);
  return { channelId: c.channel || i.channel, currency: c.currency, differenceMinor: c.minor - i.minor };
}

/** Why an action needs a second operator, with what it changes; null when it may go ahead. */
export function approvalNeed(db: DB, action: GuardedAction): Need | null {
  const settings = getFourEyes(db);
  if (!settings.enabled) return null;
  switch (action.kind) {
    case 'resolve': {
      if (!BIG_DECISIONS.has(action.decision.as)) return null;
      const d = getDifference(db, action.id);
      assertPeriodOpen(db, d.channelId, d.period);
      const size = Math.abs(d.differenceMinor);
      if (size <= settings.thresholdMinor) return null;
      const currency = getChannel(db, d.channelId).currency;
      return {
        why: { zh: `${action.decision.as === 'waive' ? '豁免' : '核销'} ${formatMoney(size, currency)} 超过审批金额 ${formatMoney(settings.thresholdMinor, currency)}`, en: `${action.decision.as} of ${formatMoney(size, currency)} is above the approval amount ${formatMoney(settings.thresholdMinor, currency)}` },
        channelId: d.channelId, period: d.period,
        before: { difference: d.id, orderId: d.orderId, status: d.status, resolution: d.resolution, differenceMinor: d.differenceMinor },
        after: { status: 'resolved', resolution: action.decision.as, reason: action.decision.reason ?? null, note: action.decision.note },
      };
    }
    case 'bulk_resolve': {
      if (!BIG_DECISIONS.has(action.decision.as)) return null;
      const totals = countDifferences(db, { ...action.filter, status: 'open' });
      if (totals.amountMinor <= settings.thresholdMinor) return null;
      const currency = getChannel(db, action.filter.channelId).currency;
      return {
        why: { zh: `批量${action.decision.as === 'waive' ? '豁免' : '核销'} ${totals.count} 笔共 ${formatMoney(totals.amountMinor, currency)}，超过审批金额`, en: `bulk ${action.decision.as} of ${totals.count} differences, ${formatMoney(totals.amountMinor, currency)}, is above the approval amount` },
        channelId: action.filter.channelId, period: action.filter.period,
        before: { status: 'open', count: totals.count, amountMinor: totals.amountMinor },
        after: { status: 'resolved', resolution: action.decision.as, note: action.decision.note },
      };
    }
    case 'manual_match': {
      const f = manualFacts(db, action.input);
      const tolerance = getChannel(db, f.channelId).toleranceMinor;
      if (Math.abs(f.differenceMinor) <= tolerance) return null;
      if ((action.input.reason ?? '').trim() === '') {
        throw new UserError('manual.needs_reason', `手工匹配差额 ${formatMoney(f.differenceMinor, f.currency)} 超出渠道容差 ${formatMoney(tolerance, f.currency)}，必须填写原因。`,
          `The manual match leaves ${formatMoney(f.differenceMinor, f.currency)}, beyond the channel's tolerance of ${formatMoney(tolerance, f.currency)}; give a reason.`);
      }
      return {
        why: { zh: `手工匹配差额 ${formatMoney(f.differenceMinor, f.currency)} 超出容差`, en: `manual match leaving ${formatMoney(f.differenceMinor, f.currency)}, beyond the tolerance` },
        channelId: f.channelId, period: null,
        before: { channelRecords: action.input.channelIds, internalRecords: action.input.internalIds },
        after: { resolution: 'manual_match', differenceMinor: f.differenceMinor, reason: action.input.reason ?? null, note: action.input.note },
      };
    }
    case 'close': {
      // A close that would be refused is refused now, not filed.
      const open = assertClosable(db, action.channelId, action.period, action.note, action.withOpen);
      return {
        why: { zh: '关账需第二人审批', en: 'closing a period needs a second operator' },
        channelId: action.channelId, period: action.period,
        before: { closed: false, openDifferences: open.count, openAmountMinor: open.amountMinor },
        after: { closed: true, note: action.note, withOpen: action.withOpen },
      };
    }
    case 'reopen':
      if (action.note.trim() === '') throw new UserError('period.reopen_needs_note', '重新打开已关账的账期必须说明原因（--note）。', 'Reopening a closed period needs a reason (--note).');
      return {
        why: { zh: '重新打开账期需第二人审批', en: 'reopening a period needs a second operator' },
        channelId: action.channelId, period: action.period, before: { closed: true }, after: { closed: false, note: action.note },
      };
  }
}

/** Does the action now. Closing reads the figures it locks at this moment. */
function perform(db: DB, action: GuardedAction): unknown {
  switch (action.kind) {
    case 'resolve': return resolveDifference(db, action.id, action.decision);
    case 'bulk_resolve': return bulkResolve(db, action.filter, action.decision);
    case 'manual_match': return manualMatch(db, action.input);
    case 'close': return closePeriod(db, action.channelId, action.period, channelReport(db, getChannel(db, action.channelId), action.period), action.note, { withOpen: action.withOpen });
    case 'reopen': return reopenPeriod(db, action.channelId, action.period, action.note);
  }
}

/**
 * Does the action, or, when four eyes are on and it is guarded, files it for approval and throws
 * `approval.requested` (nothing changed yet; the message names the request).
 */
export function decideOrRequest<T>(db: DB, action: GuardedAction): T {
  const need = approvalNeed(db, action);
  if (!need) return perform(db, action) as T;
  const id = writeTransaction(db, () => {
    const requestedAt = new Date().toISOString();
    const requestedBy = currentOperator(db);
    const rid = Number(db.prepare(`INSERT INTO approval_requests (kind, channel_id, period, input, summary, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(action.kind, need.channelId, need.period, JSON.stringify(action), JSON.stringify({ why: need.why, before: need.before, after: need.after }), requestedBy, requestedAt).lastInsertRowid);
    appendAudit(db, { action: 'approval.request', channelId: need.channelId, period: need.period, subject: `request ${rid}`, before: need.before, after: { kind: action.kind, ...need.after } });
    return rid;
  });
  throw new UserError('approval.requested', `已提交审批请求 #${id}（${need.why.zh}）：须由另一位操作员在“审批”中批准后才生效。`,
    `Approval request #${id} filed (${need.why.en}): it takes effect once another operator approves it under Approvals.`, { requestId: id });
}

interface RequestRow {
  id: number; kind: ApprovalKind; channel_id: string | null; period: string | null; input: string; summary: string; requested_by: string; requested_at: string;
  status: ApprovalRequestView['status']; decided_by: string | null; decided_at: string | null; decision_note: string | null;
}

function view(r: RequestRow): ApprovalRequestView {
  const s = JSON.parse(r.summary) as { why: ApprovalRequestView['why']; before: Record<string, unknown>; after: Record<string, unknown> };
  return {
    id: r.id, kind: r.kind, channelId: r.channel_id, period: r.period, why: s.why, before: s.before, after: s.after,
    requestedBy: r.requested_by, requestedAt: r.requested_at, status: r.status, decidedBy: r.decided_by, decidedAt: r.decided_at, decisionNote: r.decision_note,
  };
}

export function listApprovals(db: DB, status?: ApprovalRequestView['status']): ApprovalRequestView[] {
  const rows = (status ? db.prepare('SELECT * FROM approval_requests WHERE status = ? ORDER BY id DESC LIMIT 500').all(status) : db.prepare('SELECT * FROM approval_requests ORDER BY id DESC LIMIT 500').all()) as RequestRow[];
  return rows.map(view);
}

function pendingRequest(db: DB, id: number): RequestRow {
  const r = db.prepare('SELECT * FROM approval_requests WHERE id = ?').get(id) as RequestRow | undefined;
  if (!r) throw new UserError('approval.not_found', `审批请求 #${id} 不存在。`, `Approval request #${id} does not exist.`, { id });
  if (r.status !== 'pending') throw new UserError('approval.decided', `审批请求 #${id} 已${r.status === 'approved' ? '批准' : '驳回'}（${r.decided_by ?? ''}）。`, `Approval request #${id} was already ${r.status} by ${r.decided_by ?? ''}.`, { id });
  return r;
}

/** A second operator approves: the action happens now, in one transaction with the request's decision. */
export function approveRequest(db: DB, id: number, note?: string): ApprovalRequestView {
  return writeTransaction(db, () => {
    const r = pendingRequest(db, id);
    const approver = currentOperator(db);
    if (approver === r.requested_by) {
      throw new UserError('approval.same_person', `审批请求 #${id} 由 ${approver} 提出，不能由本人批准，须另一位操作员批准。`,
        `Approval request #${id} was filed by ${approver}; it needs another operator, not the requester.`, { id, operator: approver });
    }
    perform(db, JSON.parse(r.input) as GuardedAction);
    const now = new Date().toISOString();
    db.prepare("UPDATE approval_requests SET status = 'approved', decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?").run(approver, now, note ?? null, id);
    appendAudit(db, { action: 'approval.approve', channelId: r.channel_id, period: r.period, subject: `request ${id}`, before: { status: 'pending', requestedBy: r.requested_by }, after: { status: 'approved', approvedBy: approver, note: note ?? null } });
    return view({ ...r, status: 'approved', decided_by: approver, decided_at: now, decision_note: note ?? null });
  });
}

export function rejectRequest(db: DB, id: number, note: string): ApprovalRequestView {
  if (note.trim() === '') throw new UserError('approval.reject_needs_note', '驳回须说明原因。', 'Rejecting needs a reason.');
  return writeTransaction(db, () => {
    const r = pendingRequest(db, id);
    const who = currentOperator(db);
    const now = new Date().toISOString();
    db.prepare("UPDATE approval_requests SET status = 'rejected', decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?").run(who, now, note, id);
    appendAudit(db, { action: 'approval.reject', channelId: r.channel_id, period: r.period, subject: `request ${id}`, before: { status: 'pending', requestedBy: r.requested_by }, after: { status: 'rejected', rejectedBy: who, note } });
    return view({ ...r, status: 'rejected', decided_by: who, decided_at: now, decision_note: note });
  });
}
