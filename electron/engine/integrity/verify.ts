// Re-checks stored records against the digests written when their files were imported (digest.ts):
// `recondesk verify` checks every file and the audit chain; the statement export and reopening a
// closed period check the files of that channel and period first, and refuse naming file and rows.
import { UserError } from '../errors';
import { verifyAuditChain } from '../workspace/audit';
import type { DB } from '../workspace/db';
import { addToFigures, CHECKED_COLUMNS, checksFromBytes, checksHash, contentCheck, emptyFigures, recordCheck, recordFromRow, type CheckedRow, type FileFigures } from './digest';

export type RowProblemKind = 'changed' | 'missing' | 'extra';

export interface RowProblem {
  recordId: number;
  /** The row of the source file, as the record says now (null for a record no longer there). */
  rowNumber: number | null;
  problem: RowProblemKind;
}

export interface FigureProblem {
  field: string;
  imported: number | string;
  now: number | string;
}

export interface FileIntegrity {
  fileId: number;
  fileName: string;
  ok: boolean;
  /** No digest stored for a file that has records: it cannot be checked. */
  noDigest: boolean;
  rows: RowProblem[];
  figures: FigureProblem[];
}

export interface IntegrityReport {
  ok: boolean;
  filesChecked: number;
  recordsChecked: number;
  /** Only the files that do not agree. */
  files: FileIntegrity[];
  /** The id of the first audit entry whose hash does not verify; null when the chain is intact. */
  auditChainBrokenAt: number | null;
}

interface DigestRow {
  file_id: number;
  file_name: string;
  first_id: number | null;
  last_id: number | null;
  records: number;
  payments: number;
  payments_amount: number;
  payments_fee: number;
  refunds: number;
  refunds_amount: number;
  refunds_fee: number;
  row_checks: Buffer;
  hash: string;
}

const DIGEST_SELECT = `SELECT f.id AS file_id, f.file_name, d.first_id, d.last_id, d.records, d.payments, d.payments_amount, d.payments_fee,
  d.refunds, d.refunds_amount, d.refunds_fee, d.row_checks, d.hash FROM source_files f LEFT JOIN file_digests d ON d.file_id = f.id`;

/** Compares the records of one file with ids in [from, to] against its row checks. */
class FileCheck {
  readonly rows: RowProblem[] = [];
  readonly figures: FileFigures = emptyFigures();
  readonly expected: Uint32Array;
  readonly now: Uint32Array;
  checked = 0;

  constructor(readonly digest: DigestRow) {
    this.expected = checksFromBytes(digest.row_checks);
    this.now = new Uint32Array(this.expected.length);
  }

  scan(db: DB, from: number, to: number): void {
    const rows = db.prepare(`SELECT ${CHECKED_COLUMNS} FROM records WHERE id BETWEEN ? AND ? AND file_id = ?`).raw().iterate(from, to, this.digest.file_id) as IterableIterator<CheckedRow>;
    this.compare(rows);
    const first = this.digest.first_id ?? 0;
    const lo = Math.max(from - first, 0);
    const hi = Math.min(to - first, this.expected.length - 1);
    for (let slot = lo; slot <= hi; slot++) {
      if (this.expected[slot] !== 0 && this.now[slot] === 0) this.rows.push({ recordId: first + slot, rowNumber: null, problem: 'missing' });
    }
  }

  /** Records that say they come from this file but lie outside its ids (added after the import). */
  scanOutside(db: DB): void {
    const { file_id: fileId, first_id: first, last_id: last } = this.digest;
    const rows = (first === null || last === null
      ? db.prepare(`SELECT ${CHECKED_COLUMNS} FROM records WHERE file_id = ?`).raw().iterate(fileId)
      : db.prepare(`SELECT ${CHECKED_COLUMNS} FROM records WHERE file_id = ? AND id NOT BETWEEN ? AND ?`).raw().iterate(fileId, first, last)) as IterableIterator<CheckedRow>;
    this.compare(rows);
  }

  private compare(rows: IterableIterator<CheckedRow>): void {
    const first = this.digest.first_id ?? 0;
    for (const row of rows) {
      const r = recordFromRow(row);
      this.checked++;
      addToFigures(this.figures, r.kind, r.amountMinor, r.feeMinor);
      const slot = r.id - first;
      const expected = slot >= 0 && slot < this.expected.length ? this.expected[slot]! : 0;
      if (expected === 0) {
        this.rows.push({ recordId: r.id, rowNumber: r.rowNumber, problem: 'extra' });
        continue;
      }
      const check = recordCheck(contentCheck(r), r);
      this.now[slot] = check;
      if (check !== expected) this.rows.push({ recordId: r.id, rowNumber: r.rowNumber, problem: 'changed' });
    }
  }

  /** After a scan of the whole file: its figures and hash against those stored at import. */
  wholeFileFigures(recordsWithFileId: number): FigureProblem[] {
    const d = this.digest;
    const f = this.figures;
    const out: FigureProblem[] = [];
    const compare = (field: string, imported: number | string, now: number | string) => { if (imported !== now) out.push({ field, imported, now }); };
    compare('records', d.records, recordsWithFileId);
    compare('payments', d.payments, f.payments.count);
    compare('payments_amount', d.payments_amount, f.payments.amountMinor);
    compare('payments_fee', d.payments_fee, f.payments.feeMinor);
    compare('refunds', d.refunds, f.refunds.count);
    compare('refunds_amount', d.refunds_amount, f.refunds.amountMinor);
    compare('refunds_fee', d.refunds_fee, f.refunds.feeMinor);
    compare('hash', d.hash, checksHash(this.now));
    // The stored checks themselves, against the hash stored with them.
    compare('row_checks', d.hash, checksHash(this.expected));
    return out;
  }

  result(figures: FigureProblem[]): FileIntegrity {
    this.rows.sort((a, b) => a.recordId - b.recordId);
    return { fileId: this.digest.file_id, fileName: this.digest.file_name, ok: this.rows.length === 0 && figures.length === 0, noDigest: false, rows: this.rows, figures };
  }
}

function noDigest(d: DigestRow): FileIntegrity {
  return { fileId: d.file_id, fileName: d.file_name, ok: false, noDigest: true, rows: [], figures: [] };
}

/** Every imported file against its digest (one pass over each file's ids), and the audit chain. */
export function verifyWorkspace(db: DB): IntegrityReport {
  return db.transaction(() => {
    // One scan of the table counts every file's records, wherever their ids are.
    const counts = new Map((db.prepare('SELECT file_id, COUNT(*) FROM records GROUP BY file_id').raw().all() as [number, number][]));
    const files: FileIntegrity[] = [];
    let recordsChecked = 0;
    const digests = db.prepare(`${DIGEST_SELECT} ORDER BY f.id`).all() as (DigestRow & { hash: string | null })[];
    for (const d of digests) {
      const stored = counts.get(d.file_id) ?? 0;
      if (d.hash === null) {
        if (stored > 0) files.push(noDigest(d));
        continue;
      }
      const check = new FileCheck(d);
      if (d.first_id !== null && d.last_id !== null) check.scan(db, d.first_id, d.last_id);
      // Only when some of the file's records are not within its ids: a full scan for them.
      if (check.checked !== stored) check.scanOutside(db);
      recordsChecked += check.checked;
      const result = check.result(check.wholeFileFigures(stored));
      if (!result.ok) files.push(result);
    }
    const auditChainBrokenAt = verifyAuditChain(db);
    return { ok: files.length === 0 && auditChainBrokenAt === null, filesChecked: digests.length, recordsChecked, files, auditChainBrokenAt };
  }).deferred();
}

/**
 * The records a channel's period is made of (its id ranges, both sides), against the digests of
 * their files. Every record in those ranges is checked, whatever channel or period it says now, so
 * a record moved out of the period by an edit is found too.
 */
export function checkPeriodRecords(db: DB, channelId: string, period: string): FileIntegrity[] {
  const spans = db.prepare(`SELECT file_id, MIN(first_id) AS first_id, MAX(last_id) AS last_id FROM record_ranges
    WHERE channel_id = ? AND period = ? GROUP BY file_id ORDER BY file_id`).all(channelId, period) as { file_id: number; first_id: number; last_id: number }[];
  const digestOf = db.prepare(`${DIGEST_SELECT} WHERE f.id = ?`);
  const problems: FileIntegrity[] = [];
  for (const span of spans) {
    const d = digestOf.get(span.file_id) as (DigestRow & { hash: string | null }) | undefined;
    if (!d) continue;
    if (d.hash === null) {
      problems.push(noDigest(d));
      continue;
    }
    const check = new FileCheck(d);
    check.scan(db, span.first_id, span.last_id);
    const result = check.result([]);
    if (!result.ok) problems.push(result);
  }
  return problems;
}

const ROWS_NAMED = 10;

/** "wechat.csv 第 12、57 行（记录 #345、#390）" — the rows of each file that do not agree. */
export function describeProblems(files: readonly FileIntegrity[]): { zh: string; en: string } {
  const zh: string[] = [];
  const en: string[] = [];
  for (const f of files) {
    if (f.noDigest) {
      zh.push(`${f.fileName}（没有导入时的校验数据）`);
      en.push(`${f.fileName} (no digest from its import)`);
      continue;
    }
    const named = f.rows.slice(0, ROWS_NAMED);
    const more = f.rows.length - named.length;
    const rowZh = named.map((r) => r.rowNumber === null ? `记录 #${r.recordId} 已不存在` : `第 ${r.rowNumber} 行（记录 #${r.recordId}${r.problem === 'extra' ? '，导入后新增' : ''}）`);
    const rowEn = named.map((r) => r.rowNumber === null ? `record #${r.recordId} is gone` : `row ${r.rowNumber} (record #${r.recordId}${r.problem === 'extra' ? ', added after the import' : ''})`);
    if (more > 0) {
      rowZh.push(`另有 ${more} 行`);
      rowEn.push(`${more} more rows`);
    }
    const figures = f.figures.filter((p) => p.field !== 'hash' && p.field !== 'row_checks');
    const figZh = figures.map((p) => `${p.field} 导入时 ${p.imported} / 现在 ${p.now}`);
    const figEn = figures.map((p) => `${p.field} imported ${p.imported} / now ${p.now}`);
    zh.push(`${f.fileName}：${[...rowZh, ...figZh].join('、') || '校验值不符'}`);
    en.push(`${f.fileName}: ${[...rowEn, ...figEn].join(', ') || 'digest differs'}`);
  }
  return { zh: zh.join('；'), en: en.join('; ') };
}

/** Refuses `what` (an export, a reopening) when records of the channel's period changed since import. */
export function assertPeriodIntact(db: DB, channelId: string, period: string, what: { zh: string; en: string }): void {
  const problems = checkPeriodRecords(db, channelId, period);
  if (problems.length === 0) return;
  const text = describeProblems(problems);
  throw new UserError(
    'integrity.records_changed',
    `${channelId} ${period} 的记录在导入后被改动过，与导入时的校验数据不符：${text.zh}。${what.zh}请从备份恢复工作区。`,
    `Records of ${channelId} ${period} were changed after their import and no longer agree with their digest: ${text.en}. ${what.en} Restore the workspace from a backup.`,
    { channel: channelId, period, files: problems.map((f) => ({ fileId: f.fileId, fileName: f.fileName, noDigest: f.noDigest, rows: f.rows })) },
  );
}
