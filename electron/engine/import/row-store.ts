// Normalised rows waiting to be written, packed as UTF-8 in batches so that a million rows cost about
// the size of the file rather than a million objects. Fields are joined with U+001F and rows with
// U+001E (raw cells are JSON, which escapes control characters, so they never contain either); null is
// U+0002. A row whose text fields hold one of those characters is kept as JSON instead (marker U+0003).
import type { NormalisedRecord } from './mapping';

export interface PreparedRow extends NormalisedRecord {
  occurrence: number;
  rowNumber: number;
  /** The row's original cells as JSON text. */
  raw: string;
}

const FIELD = '\u001f';
const ROW = '\u001e';
const NULL = '\u0002';
const AS_JSON = '\u0003';
const BATCH_ROWS = 8192;

function encode(r: NormalisedRecord, occurrence: number, rowNumber: number, raw: string): string {
  const fields = [
    r.channelId, r.kind, r.orderId ?? NULL, r.channelTxnId ?? NULL, r.refundId ?? NULL, r.amountMinor, r.feeMinor, r.refundedMinor ?? NULL,
    r.currency, r.status ?? NULL, r.occurredAt, r.period, r.account ?? NULL, r.memo ?? NULL, r.naturalKey, occurrence, rowNumber,
  ].join(FIELD);
  // Only text fields can hold a control character: the separators and nulls must be exactly ours.
  if (count(fields, FIELD) !== 16 || count(fields, NULL) !== nullFields(r) || fields.includes(ROW) || fields.includes(AS_JSON)) {
    return AS_JSON + JSON.stringify({ ...r, occurrence, rowNumber, raw } satisfies PreparedRow);
  }
  return fields + FIELD + raw;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

function nullFields(r: NormalisedRecord): number {
  return (r.orderId === null ? 1 : 0) + (r.channelTxnId === null ? 1 : 0) + (r.refundId === null ? 1 : 0) + (r.refundedMinor === null ? 1 : 0)
    + (r.status === null ? 1 : 0) + (r.account === null ? 1 : 0) + (r.memo === null ? 1 : 0);
}

const text = (s: string | undefined): string | null => (s === undefined || s === NULL ? null : s);
// Numbers here are our own integer serialisation, never amount text from a file.
const int = (s: string | undefined): number => Number(s);

function decode(line: string): PreparedRow {
  if (line.charCodeAt(0) === 3) return JSON.parse(line.slice(1)) as PreparedRow;
  const f = line.split(FIELD);
  return {
    channelId: f[0]!, kind: f[1] as PreparedRow['kind'], orderId: text(f[2]), channelTxnId: text(f[3]), refundId: text(f[4]),
    amountMinor: int(f[5]), feeMinor: int(f[6]), refundedMinor: f[7] === NULL ? null : int(f[7]), currency: f[8]!, status: text(f[9]),
    occurredAt: int(f[10]), period: f[11]!, account: text(f[12]), memo: text(f[13]), naturalKey: f[14]!, occurrence: int(f[15]),
    rowNumber: int(f[16]), raw: f[17]!,
  };
}

export class RowStore {
  private batches: Buffer[] = [];
  private pending: string[] = [];
  private rows = 0;

  get count(): number {
    return this.rows;
  }

  add(record: NormalisedRecord, occurrence: number, rowNumber: number, raw: string): void {
    this.pending.push(encode(record, occurrence, rowNumber, raw));
    this.rows++;
    if (this.pending.length === BATCH_ROWS) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.batches.push(Buffer.from(this.pending.join(ROW), 'utf8'));
    this.pending = [];
  }

  finish(): void {
    this.flush();
  }

  /** Visits the stored rows in the order they were added. */
  forEach(visit: (row: PreparedRow) => void): void {
    for (const batch of this.batches) {
      for (const line of batch.toString('utf8').split(ROW)) visit(decode(line));
    }
  }
}
