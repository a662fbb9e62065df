// Reading back what imports stored: the source files with their summaries, and windows of records
// (the UI never loads a whole table).
import type { ImportSummary, RawRecordRow, RecordPage, SourceFileInfo } from '../../../shared/contract/import';
import type { RecordKind, Side } from '../../../shared/domain';
import type { DB } from '../workspace/db';
import { periodRecords } from '../workspace/record-ranges';
import { fileHeader, rawCellsOfRecords, readRawCells } from './cells';
import { UserError } from '../errors';

interface FileRow {
  id: number; sha256: string; file_name: string; side: Side; channel_id: string | null; profile_id: string; container: string;
  encoding: string | null; size_bytes: number; rows_in_file: number; accepted: number; filtered: number; already_present: number;
  rejected: number; summary: string; imported_at: string; imported_by: string;
}

export function listFiles(db: DB, q: { channelId?: string; offset?: number; limit?: number } = {}): SourceFileInfo[] {
  // An in-house export has no file-level channel; it belongs to every channel it holds records for.
  // (its summary lists the channels of the records it stored).
  const where = q.channelId ? "WHERE channel_id = ? OR (channel_id IS NULL AND EXISTS (SELECT 1 FROM json_each(source_files.summary, '$.totals') t WHERE t.value ->> 'channelId' = ?))" : '';
  const args: (string | number)[] = q.channelId ? [q.channelId, q.channelId] : [];
  const rows = db.prepare(`SELECT * FROM source_files ${where} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...args, q.limit ?? 200, q.offset ?? 0) as FileRow[];
  return rows.map((r) => ({
    id: r.id, fileName: r.file_name, sha256: r.sha256, side: r.side, channelId: r.channel_id, profileId: r.profile_id,
    container: r.container, encoding: r.encoding, sizeBytes: r.size_bytes, rowsInFile: r.rows_in_file, accepted: r.accepted,
    filtered: r.filtered, alreadyPresent: r.already_present, rejected: r.rejected, importedAt: r.imported_at, importedBy: r.imported_by,
    summary: JSON.parse(r.summary) as ImportSummary,
  }));
}

interface RecordRow {
  id: number; side: Side; channel_id: string; kind: RecordKind; order_id: string | null; channel_txn_id: string | null; refund_id: string | null;
  amount_minor: number; fee_minor: number; refunded_minor: number | null; currency: string; status: string | null; occurred_at: number;
  period: string; account: string | null; memo: string | null; file_id: number; row_number: number;
}

export function listRecords(db: DB, q: { channelId: string; period: string; side?: Side; offset?: number; limit?: number }): RecordPage {
  const where = 'r_range.channel_id = ? AND r_range.period = ?' + (q.side ? ' AND r_range.side = ?' : '');
  const args: string[] = q.side ? [q.channelId, q.period, q.side] : [q.channelId, q.period];
  const total = (db.prepare(`SELECT COALESCE(SUM(records), 0) AS n FROM record_ranges r_range WHERE ${where}`).get(...args) as { n: number }).n;
  const rows = db.prepare(`SELECT r.* FROM ${periodRecords('r')} WHERE ${where} ORDER BY r.occurred_at, r.id LIMIT ? OFFSET ?`).all(...args, q.limit ?? 200, q.offset ?? 0) as RecordRow[];
  const raw = rawCellsOfRecords(db, rows);
  return {
    total,
    rows: rows.map((r, i) => ({
      id: r.id, side: r.side, channelId: r.channel_id, kind: r.kind, orderId: r.order_id, channelTxnId: r.channel_txn_id, refundId: r.refund_id,
      amountMinor: r.amount_minor, feeMinor: r.fee_minor, refundedMinor: r.refunded_minor, currency: r.currency, status: r.status,
      occurredAt: r.occurred_at, period: r.period, account: r.account, memo: r.memo, fileId: r.file_id, rowNumber: r.row_number,
      raw: raw[i]!,
    })),
  };
}

/** A record's source row: file, row number, the file's header and the row's cells. */
export function rawRecordRow(db: DB, recordId: number): RawRecordRow {
  const r = db.prepare('SELECT r.file_id, r.row_number, f.file_name FROM records r JOIN source_files f ON f.id = r.file_id WHERE r.id = ?').get(recordId) as
    { file_id: number; row_number: number; file_name: string } | undefined;
  if (!r) throw new UserError('records.not_found', `找不到记录 ${recordId}`, `Record ${recordId} not found`, { recordId });
  return {
    recordId,
    fileName: r.file_name,
    rowNumber: r.row_number,
    header: fileHeader(db, r.file_id),
    cells: readRawCells(db, r.file_id, [r.row_number]).get(r.row_number) ?? null,
  };
}
