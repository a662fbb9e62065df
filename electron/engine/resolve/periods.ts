// Closing a channel's period locks it: no match run, resolution, undo or import of records into it until
// someone reopens it explicitly. Both are audited; the close stores the figures it locked.
import type { ChannelPeriodReport } from '../../../shared/report';
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

/** Locks a period. `figures` is the report at the moment of closing, kept with the lock and in the audit log. */
export function closePeriod(db: DB, channelId: string, period: string, figures: ChannelPeriodReport | null, note: string | null): ClosedPeriod {
  getChannel(db, channelId);
  return writeTransaction(db, () => {
    assertPeriodOpen(db, channelId, period);
    const closedAt = new Date().toISOString();
    const closedBy = currentOperator(db);
    db.prepare('INSERT INTO closed_periods (channel_id, period, closed_at, closed_by, note, figures) VALUES (?, ?, ?, ?, ?, ?)')
      .run(channelId, period, closedAt, closedBy, note, JSON.stringify(figures));
    appendAudit(db, { action: 'period.close', channelId, period, subject: `${channelId}/${period}`, before: { closed: false }, after: { closed: true, note, figures } });
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
