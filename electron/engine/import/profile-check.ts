// `profile check`: a profile tried on a bill without importing it. The bill goes through the very
// import it would get (same reading, same checks, same messages), inside a transaction that is then
// rolled back, so what the check says is what the import would do — and nothing is kept.
import type { ImportSummary } from '../../../shared/contract/import';
import type { RecordKind } from '../../../shared/domain';
import type { DB } from '../workspace/db';
import { importFile, type ImportOptions } from './pipeline';
import { validateProfile } from './profiles';

export interface CheckedRecord {
  rowNumber: number;
  kind: RecordKind;
  orderId: string | null;
  channelTxnId: string | null;
  refundId: string | null;
  amountMinor: number;
  feeMinor: number;
  currency: string;
  occurredAt: number;
  period: string;
  channelId: string;
}

export interface ProfileCheck {
  summary: ImportSummary;
  /** The first records as they would be stored. */
  records: CheckedRecord[];
}

/** Thrown to roll the trial import back once its result is copied out. */
class TrialOver {
  constructor(readonly result: ProfileCheck) {}
}

/**
 * Validates `definition` and imports `bytes` with it as a trial. Throws the UserError the import
 * would throw (invalid profile, wrong layout, bad value, totals that disagree …).
 */
export function checkProfile(db: DB, definition: unknown, source: string, bytes: Uint8Array, fileName: string, options: Pick<ImportOptions, 'channelId' | 'internal'> & { rows?: number } = {}): ProfileCheck {
  const profile = validateProfile(definition, source);
  try {
    db.transaction(() => {
      const summary = importFile(db, bytes, fileName, { ...options, profile, parallel: false });
      const records = db.prepare(
        `SELECT row_number AS rowNumber, kind, order_id AS orderId, channel_txn_id AS channelTxnId, refund_id AS refundId, amount_minor AS amountMinor,
           fee_minor AS feeMinor, currency, occurred_at AS occurredAt, period, channel_id AS channelId
         FROM records WHERE file_id = ? ORDER BY id LIMIT ?`,
      ).all(summary.fileId, options.rows ?? 10) as CheckedRecord[];
      throw new TrialOver({ summary, records });
    })();
  } catch (e) {
    if (e instanceof TrialOver) return e.result;
    throw e;
  }
  throw new Error('unreachable: the trial import neither finished nor failed');
}
