// The integrity digest of an imported file (migration 005): what its stored records were when they
// were written, so that a record changed afterwards outside the app — an amount edited in place with
// plain SQL passes SQLite's own quick_check — is found and named (verify.ts).
//
// Per file: the record count, count and sums of amount and fee per kind, a 32-bit check of every
// record's identity and amounts (`row_checks`, one slot per record id from first_id to last_id, in id
// order) and the SHA-256 of those checks. The import computes it as it stores the rows (pipeline.ts),
// most of each check in the parse worker, off the writing thread (see contentCheck). The
// checks name the rows that no longer agree; the sums and the SHA-256 make a change that happened to
// keep a row's 32-bit check, or a change to the checks themselves, show all the same.
import { createHash } from 'node:crypto';
import type { DB } from '../workspace/db';

/**
 * What a record's check covers: its identity (keys, channel, period, time) and its amounts — the
 * fields of a record as the import normalised it — plus where it was stored (`StoredAt`).
 */
export interface CheckedRecord {
  channelId: string;
  kind: string;
  period: string;
  currency: string;
  occurredAt: number;
  naturalKey: string;
  orderId: string | null;
  channelTxnId: string | null;
  refundId: string | null;
  amountMinor: number;
  feeMinor: number;
  refundedMinor: number | null;
}

export interface StoredAt {
  id: number;
  side: string;
  keyOccurrence: number;
  /** The row of the source file. */
  rowNumber: number;
}

/** The columns of `records` a check covers, in the order of `recordFromRow`. */
export const CHECKED_COLUMNS = 'id, side, channel_id, kind, period, currency, occurred_at, natural_key, key_occurrence, order_id, channel_txn_id, refund_id, amount_minor, fee_minor, refunded_minor, row_number, file_id';

export type CheckedRow = [number, string, string, string, string, string, number, string, number, string | null, string | null, string | null, number, number, number | null, number, number];

export function recordFromRow(r: CheckedRow): CheckedRecord & StoredAt {
  return {
    id: r[0], side: r[1], channelId: r[2], kind: r[3], period: r[4], currency: r[5], occurredAt: r[6], naturalKey: r[7], keyOccurrence: r[8],
    orderId: r[9], channelTxnId: r[10], refundId: r[11], amountMinor: r[12], feeMinor: r[13], refundedMinor: r[14], rowNumber: r[15],
  };
}

// MurmurHash3's 32-bit mixing, fed one 32-bit word at a time.
function mix(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

const TWO_32 = 4294967296;
const NULL_WORD = 0x9e3779b9;

/** An integer of up to 53 bits as its low and high 32-bit words (two's complement). */
function mixInteger(h: number, n: number): number {
  return mix(mix(h, n >>> 0), Math.floor(n / TWO_32) | 0);
}

/** A text as its length, then two UTF-16 units per word; null is a word no text starts with. */
function mixText(h: number, s: string | null): number {
  if (s === null) return mix(h, NULL_WORD);
  const n = s.length;
  h = mix(h, n + 1);
  let i = 0;
  for (; i + 1 < n; i += 2) h = mix(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  if (i < n) h = mix(h, s.charCodeAt(i));
  return h;
}

/**
 * The part of a record's check that the parsed row alone decides: its keys, channel, period, time
 * and amounts. An import computes it where the row is parsed — in the parse worker for a big file
 * (parse.ts) — so that the writing thread only adds where the record was stored (`recordCheck`).
 */
export function contentCheck(r: CheckedRecord): number {
  let h = 0x5f3759df;
  h = mixText(h, r.channelId);
  h = mixText(h, r.kind);
  h = mixText(h, r.period);
  h = mixText(h, r.currency);
  h = mixInteger(h, r.occurredAt);
  h = mixText(h, r.naturalKey);
  h = mixText(h, r.orderId);
  h = mixText(h, r.channelTxnId);
  h = mixText(h, r.refundId);
  h = mixInteger(h, r.amountMinor);
  h = mixInteger(h, r.feeMinor);
  return r.refundedMinor === null ? mix(h, NULL_WORD) : mixInteger(h, r.refundedMinor);
}

/** The record's check from its content check and where it was stored: never 0, which marks an id the file holds no record for. */
export function recordCheck(content: number, at: StoredAt): number {
  let h = mixInteger(content, at.id);
  h = mixText(h, at.side);
  h = mixInteger(h, at.keyOccurrence);
  h = mixInteger(h, at.rowNumber);
  // MurmurHash3's finalisation, so that every input bit reaches every output bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) || 1;
}

/** Count and sums of one kind of record. */
export interface KindTotals {
  count: number;
  amountMinor: number;
  feeMinor: number;
}

export interface FileFigures {
  records: number;
  payments: KindTotals;
  refunds: KindTotals;
}

export function emptyFigures(): FileFigures {
  return { records: 0, payments: { count: 0, amountMinor: 0, feeMinor: 0 }, refunds: { count: 0, amountMinor: 0, feeMinor: 0 } };
}

export function addToFigures(f: FileFigures, kind: string, amountMinor: number, feeMinor: number): void {
  const t = kind === 'refund' ? f.refunds : f.payments;
  f.records++;
  t.count++;
  t.amountMinor += amountMinor;
  t.feeMinor += feeMinor;
}

/** The SHA-256 over the checks (little-endian 32-bit words, in id order). */
export function checksHash(checks: Uint32Array): string {
  return createHash('sha256').update(checksBytes(checks)).digest('hex');
}

function checksBytes(checks: Uint32Array): Buffer {
  const bytes = Buffer.alloc(checks.length * 4);
  for (let i = 0; i < checks.length; i++) bytes.writeUInt32LE(checks[i]!, i * 4);
  return bytes;
}

export function checksFromBytes(bytes: Uint8Array): Uint32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const checks = new Uint32Array(bytes.byteLength >>> 2);
  for (let i = 0; i < checks.length; i++) checks[i] = view.getUint32(i * 4, true);
  return checks;
}

/**
 * When a digest was computed: as the import stored the rows; by migration 005 for files imported
 * before it; from records written directly, not by an import (refreshRecordRanges: tests, benches).
 */
export type DigestOrigin = 'import' | 'migration' | 'direct';

/** Built record by record as a file's rows are stored (ids only grow). */
export class FileDigest {
  readonly figures = emptyFigures();
  private checks = new Uint32Array(1024);
  private firstId = 0;
  private lastId = 0;

  /** A stored record: `content` is its contentCheck. */
  add(content: number, at: StoredAt, kind: string, amountMinor: number, feeMinor: number): void {
    if (this.figures.records === 0) this.firstId = at.id;
    const slot = at.id - this.firstId;
    if (slot >= this.checks.length) {
      const grown = new Uint32Array(Math.max(this.checks.length * 2, slot + 1));
      grown.set(this.checks);
      this.checks = grown;
    }
    this.checks[slot] = recordCheck(content, at);
    this.lastId = at.id;
    addToFigures(this.figures, kind, amountMinor, feeMinor);
  }

  /** Writes the digest of file `fileId`; `origin` says when it was computed. */
  store(db: DB, fileId: number, origin: DigestOrigin): void {
    const empty = this.figures.records === 0;
    const checks = empty ? new Uint32Array(0) : this.checks.subarray(0, this.lastId - this.firstId + 1);
    const f = this.figures;
    db.prepare(`INSERT OR REPLACE INTO file_digests (file_id, first_id, last_id, records, payments, payments_amount, payments_fee, refunds, refunds_amount, refunds_fee, row_checks, hash, origin, computed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      fileId, empty ? null : this.firstId, empty ? null : this.lastId, f.records, f.payments.count, f.payments.amountMinor, f.payments.feeMinor,
      f.refunds.count, f.refunds.amountMinor, f.refunds.feeMinor, checksBytes(checks), checksHash(checks), origin, new Date().toISOString(),
    );
  }
}

/**
 * Computes and stores the digests of files from the records as they are stored now, in one pass
 * over the records table: for files imported before digests existed (migration 005), and for
 * records written by other means than an import (tests, benches).
 */
export function digestStoredFiles(db: DB, origin: DigestOrigin, fileIds?: readonly number[]): void {
  const digests = new Map<number, FileDigest>();
  for (const id of fileIds ?? (db.prepare('SELECT id FROM source_files').pluck().all() as number[])) digests.set(id, new FileDigest());
  const rows = (fileIds?.length === 1
    ? db.prepare(`SELECT ${CHECKED_COLUMNS} FROM records WHERE file_id = ? ORDER BY id`).raw().iterate(fileIds[0])
    : db.prepare(`SELECT ${CHECKED_COLUMNS} FROM records ORDER BY id`).raw().iterate()) as IterableIterator<CheckedRow>;
  for (const row of rows) {
    const r = recordFromRow(row);
    digests.get(row[16])?.add(contentCheck(r), r, r.kind, r.amountMinor, r.feeMinor);
  }
  for (const [fileId, digest] of digests) digest.store(db, fileId, origin);
}
