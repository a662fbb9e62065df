// What people decide in the receipts stage, each audited and undoable: an incoming bank row assigned
// to a channel's period (or marked as not settlement money), and a difference resolved with an action
// and a note. Undo removes the decision and records the removal; history stays in the audit log.
import type { ReceiptAction } from '../../../shared/contract/receivables';
import { getChannel } from '../channels';
import { UserError } from '../errors';
import { appendAudit, currentOperator } from '../workspace/audit';
import { writeTransaction, type DB } from '../workspace/db';

interface AssignmentRow { bank_row_id: number; kind: string; channel_id: string | null; period: string | null; note: string | null; assigned_by: string; assigned_at: string }

function incomingRow(db: DB, bankRowId: number): { id: number; amount_minor: number; counterparty_name: string | null } {
  const row = db.prepare('SELECT id, direction, amount_minor, counterparty_name FROM bank_rows WHERE id = ?').get(bankRowId) as { id: number; direction: string; amount_minor: number; counterparty_name: string | null } | undefined;
  if (!row) throw new UserError('receipts.no_row', `没有编号为 ${bankRowId} 的银行流水`, `No bank row ${bankRowId}`, { bankRowId });
  if (row.direction !== 'in') throw new UserError('receipts.not_incoming', `银行流水 ${bankRowId} 是付款，不是收款`, `Bank row ${bankRowId} is money out, not a receipt`, { bankRowId });
  return row;
}

export function assignReceipt(db: DB, input: { bankRowId: number; kind: 'receivable' | 'not_settlement'; channelId?: string; period?: string; note?: string }): void {
  if (input.kind === 'receivable') {
    if (!input.channelId || !input.period) {
      throw new UserError('receipts.assign_needs_period', '认领到应收回款需要指定渠道和账期', 'Assigning to a receivable needs a channel and a period');
    }
    getChannel(db, input.channelId);
  }
  writeTransaction(db, () => {
    const row = incomingRow(db, input.bankRowId);
    const before = db.prepare('SELECT * FROM receipt_assignments WHERE bank_row_id = ?').get(row.id) as AssignmentRow | undefined;
    const channelId = input.kind === 'receivable' ? input.channelId! : null;
    const period = input.kind === 'receivable' ? input.period! : null;
    db.prepare(`INSERT INTO receipt_assignments (bank_row_id, kind, channel_id, period, note, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (bank_row_id) DO UPDATE SET kind = excluded.kind, channel_id = excluded.channel_id, period = excluded.period, note = excluded.note,
        assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at`)
      .run(row.id, input.kind, channelId, period, input.note ?? null, currentOperator(db), new Date().toISOString());
    appendAudit(db, {
      action: 'receipts.assign', channelId, period, subject: `bank row ${row.id} (${row.counterparty_name ?? '?'})`,
      before: before ?? null, after: { kind: input.kind, channelId, period, note: input.note ?? null, amountMinor: row.amount_minor },
    });
  });
}

export function unassignReceipt(db: DB, bankRowId: number): void {
  writeTransaction(db, () => {
    const before = db.prepare('SELECT * FROM receipt_assignments WHERE bank_row_id = ?').get(bankRowId) as AssignmentRow | undefined;
    if (!before) throw new UserError('receipts.not_assigned', `银行流水 ${bankRowId} 没有人工认领，无需撤销`, `Bank row ${bankRowId} was not assigned by hand; nothing to undo`, { bankRowId });
    db.prepare('DELETE FROM receipt_assignments WHERE bank_row_id = ?').run(bankRowId);
    appendAudit(db, { action: 'receipts.unassign', channelId: before.channel_id, period: before.period, subject: `bank row ${bankRowId}`, before, after: null });
  });
}

const KEY = /^(short_paid|over_paid|duplicate|payer_mismatch):[a-z0-9_:-]+(?::\d{4}-\d{2})?$/;

export function resolveReceiptDifference(db: DB, input: { key: string; action: ReceiptAction; note?: string }): void {
  if (!KEY.test(input.key)) throw new UserError('receipts.bad_key', `不是回款差错的编号：${input.key}`, `Not a receipt difference key: ${input.key}`, { key: input.key });
  if (input.action !== 'waive' && (input.note ?? '').trim() === '') {
    throw new UserError('receipts.needs_note', '请写明处理说明（除“接受差额”外都需要）', 'Write a note (every action but waive needs one)');
  }
  writeTransaction(db, () => {
    const before = db.prepare('SELECT * FROM receipt_resolutions WHERE difference_key = ?').get(input.key) ?? null;
    db.prepare(`INSERT INTO receipt_resolutions (difference_key, action, note, resolved_by, resolved_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (difference_key) DO UPDATE SET action = excluded.action, note = excluded.note, resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at`)
      .run(input.key, input.action, input.note ?? null, currentOperator(db), new Date().toISOString());
    const [, channelId, period] = input.key.split(':');
    appendAudit(db, { action: 'receipts.resolve', channelId: channelId && !/^\d+$/.test(channelId) ? channelId : null, period: period ?? null, subject: input.key, before, after: { action: input.action, note: input.note ?? null } });
  });
}

export function undoReceiptResolution(db: DB, key: string): void {
  writeTransaction(db, () => {
    const before = db.prepare('SELECT * FROM receipt_resolutions WHERE difference_key = ?').get(key);
    if (!before) throw new UserError('receipts.not_resolved', `回款差错 ${key} 没有处理记录，无需撤销`, `Receipt difference ${key} is not resolved; nothing to undo`, { key });
    db.prepare('DELETE FROM receipt_resolutions WHERE difference_key = ?').run(key);
    appendAudit(db, { action: 'receipts.undo', subject: key, before, after: null });
  });
}
