// Closing a channel's period locks it: no match run, resolution, undo or import of records into it until
// someone reopens it explicitly. Both are audited; the close stores the figures it locked.
import type { ChannelPeriodReport } from '../../../shared/report';
import { formatMoney } from '../../../shared/money';
import { getChannel } from '../channels';
import { UserError } from '../errors';
import { assertPeriodIntact } from '../integrity/verify';
import { appendAudit, currentOperator } from '../workspace/audit';
import { writeTransaction, type DB } from '../workspace/db';

export interface ClosedPeriod {
  channelId: string;
  period: string;
  closedAt: string;
  closedBy: string;
  note: string | null;
}

export function closedPeriod(db: DB, channelId: string, period: string): ClosedPeriod | undefined {
  const r = db.prepare('SELECT channel_id, period, closed_at, closed_by, note FROM closed_periods WHERE channel_id = ? AND period = ?').get(channelId, period) as
    | { channel_id: string; period: string; closed_at: string; closed_by: string; note: string | null }
    | undefined;
  return r && { channelId: r.channel_id, period: r.period, closedAt: r.closed_at, closedBy: r.closed_by, note: r.note };
}

export function isPeriodClosed(db: DB, channelId: string, period: string): boolean {
  return closedPeriod(db, channelId, period) !== undefined;
}

/** Throws the user error every writer into a period shows when it is closed (import calls this too). */
export function assertPeriodOpen(db: DB, channelId: string, period: string): void {
  const closed = closedPeriod(db, channelId, period);
  if (!closed) return;
  throw new UserError(
    'period.closed',
    `渠道 ${channelId} 的账期 ${period} 已于 ${closed.closedAt} 由 ${closed.closedBy} 关账，不能再修改。如确需修改，请先执行 reopen --channel ${channelId} --period ${period} --note 说明原因。`,
    `Period ${period} of channel ${channelId} was closed on ${closed.closedAt} by ${closed.closedBy} and can no longer change. To change it, reopen it first: reopen --channel ${channelId} --period ${period} --note REASON.`,
    { channel: channelId, period, closedAt: closed.closedAt, closedBy: closed.closedBy },
  );
}

export interface CloseOptions {
  /** The person saw the open differences and closes anyway; without it a period with open differences is refused. */
  withOpen?: boolean;
}

/** Open differences of a period: how many and the sum of their |difference|. */
export function openDifferenceTotals(db: DB, channelId: string, period: string): { count: number; amountMinor: number } {
  const r = db.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(ABS(difference_minor)), 0) AS amount FROM differences
    WHERE channel_id = ? AND period = ? AND active = 1 AND status = 'open'`).get(channelId, period) as { n: number; amount: number };
  return { count: r.n, amountMinor: r.amount };
}

/** The checks a close makes before it writes anything: a note, and --with-open when differences are open. */
export function assertClosable(db: DB, channelId: string, period: string, note: string | null, withOpen: boolean): { count: number; amountMinor: number } {
  const channel = getChannel(db, channelId);
  if (note === null || note.trim() === '') {
    throw new UserError('period.close_needs_note', '关账必须填写说明（--note），它会记入审计日志。', 'Closing a period needs a note (--note); it goes into the audit log.', { channel: channelId, period });
  }
  assertPeriodOpen(db, channelId, period);
  const open = openDifferenceTotals(db, channelId, period);
  if (open.count > 0 && !withOpen) {
    const amount = formatMoney(open.amountMinor, channel.currency);
    throw new UserError('period.close_open_differences',
      `渠道 ${channelId} 的账期 ${period} 还有 ${open.count} 笔未决差错（金额 ${amount}）。请先处理，或确认带着未决差错关账（--with-open）。`,
      `Period ${period} of channel ${channelId} still has ${open.count} open differences (${amount}). Resolve them, or confirm closing with them open (--with-open).`,
      { channel: channelId, period, open: open.count, amountMinor: open.amountMinor });
  }
  return open;
}

/**
 * Locks a period. `figures` is the report at the moment of closing, kept with the lock and in the audit log.
 * A close needs a note, and with open differences an explicit `withOpen` (docs/month-end.md "Guarded decisions").
 */
export function closePeriod(db: DB, channelId: string, period: string, figures: ChannelPeriodReport | null, note: string | null, options: CloseOptions = {}): ClosedPeriod {
  return writeTransaction(db, () => {
    const open = assertClosable(db, channelId, period, note, options.withOpen ?? false);
    const closedAt = new Date().toISOString();
    const closedBy = currentOperator(db);
    db.prepare('INSERT INTO closed_periods (channel_id, period, closed_at, closed_by, note, figures) VALUES (?, ?, ?, ?, ?, ?)')
      .run(channelId, period, closedAt, closedBy, note, JSON.stringify(figures));
    appendAudit(db, { action: 'period.close', channelId, period, subject: `${channelId}/${period}`, before: { closed: false }, after: { closed: true, note, openDifferences: open.count, openAmountMinor: open.amountMinor, figures } });
    return { channelId, period, closedAt, closedBy, note };
  });
}

export function reopenPeriod(db: DB, channelId: string, period: string, note: string): void {
  if (note.trim() === '') {
    throw new UserError('period.reopen_needs_note', '重新打开已关账的账期必须说明原因（--note）。', 'Reopening a closed period needs a reason (--note).');
  }
  writeTransaction(db, () => {
    const closed = closedPeriod(db, channelId, period);
    if (!closed) {
      throw new UserError('period.not_closed', `渠道 ${channelId} 的账期 ${period} 没有关账，无需重新打开。`, `Period ${period} of channel ${channelId} is not closed; there is nothing to reopen.`, { channel: channelId, period });
    }
    // Reopening lets the period change again: first make sure its records are still those imported.
    assertPeriodIntact(db, channelId, period, { zh: '账期仍保持关账。', en: 'The period stays closed.' });
    db.prepare('DELETE FROM closed_periods WHERE channel_id = ? AND period = ?').run(channelId, period);
    appendAudit(db, { action: 'period.reopen', channelId, period, subject: `${channelId}/${period}`, before: { closed: true, ...closed }, after: { closed: false, note } });
  });
}
