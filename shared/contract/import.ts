// Import commands: preview a file, import it (long, cancellable), manage import profiles, and read
// back what was imported (files, records).
import { z } from 'zod';
import type { Side, StoredRecord } from '../domain';
import type { Profile, ProfileSummary } from '../profile';
import { command } from './define';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface CurrencyTotals {
  channelId: string;
  currency: string;
  payments: number;
  refunds: number;
  /** Minor units: Σ payment amounts, Σ refund amounts, fees charged − fees returned. */
  grossMinor: number;
  refundsMinor: number;
  feesMinor: number;
}

export interface AsideTotals {
  as: 'fee' | 'transfer';
  channelId: string;
  currency: string;
  period: string;
  rows: number;
  /** Fees: charged minus returned. Transfers: money out minus money in. */
  amountMinor: number;
}

export interface ImportSummary {
  fileId: number;
  fileName: string;
  sha256: string;
  profileId: string;
  profileName: string;
  side: Side;
  /** The file's channel; null for an in-house export spanning channels. */
  channelId: string | null;
  container: string;
  encoding: string | null;
  /** ZIP entry or sheet that was read. */
  table: string;
  /** Every row the reader produced = dataRows + skipped. */
  rowsInFile: number;
  /** dataRows = accepted + filtered + alreadyPresent + rejected. */
  dataRows: number;
  accepted: number;
  filtered: number;
  alreadyPresent: number;
  rejected: number;
  /** Non-data lines: preamble, header, blank, comment, summary, footer. */
  skipped: number;
  filteredByReason: Record<string, number>;
  rejectedByReason: Record<string, number>;
  skippedByReason: Record<string, number>;
  /** Accepted payment and refund rows. */
  payments: number;
  refunds: number;
  totals: CurrencyTotals[];
  periods: string[];
  /** The file's own totals (footer lines / summary row) were found and agreed with the rows. */
  footerChecked: boolean;
  /**
   * Ledger rows set aside (profile `aside`): fees of the period (charged minus returned) and settlement
   * transfers (withdrawals to the bank), per channel, currency and period. Counted in `filtered` too.
   */
  asides?: AsideTotals[];
  warnings: Bilingual[];
  importedAt: string;
  importedBy: string;
}

/** A normalised row before it is stored: a record without its storage identity, plus its natural key. */
export type PreviewRecord = Omit<StoredRecord, 'id' | 'side' | 'fileId' | 'rowNumber'> & { naturalKey: string };

export interface PreviewRow {
  rowNumber: number;
  raw: (string | null)[];
  outcome:
    | { type: 'record'; record: PreviewRecord }
    | { type: 'filtered'; reason: string }
    | { type: 'rejected'; reason: string }
    | { type: 'error'; message: Bilingual };
}

export interface ImportPreview {
  fileName: string;
  container: string;
  encoding: string | null;
  table: string;
  profileId: string;
  profileName: string;
  side: Side;
  channelId: string | null;
  header: string[];
  /** Up to 100 data rows, raw and normalised. */
  rows: PreviewRow[];
  notes: string[];
  /** When the same bytes were imported before, the date; else null. */
  alreadyImportedAt: string | null;
}

export interface SourceFileInfo {
  id: number;
  fileName: string;
  sha256: string;
  side: Side;
  channelId: string | null;
  profileId: string;
  container: string;
  encoding: string | null;
  sizeBytes: number;
  rowsInFile: number;
  accepted: number;
  filtered: number;
  alreadyPresent: number;
  rejected: number;
  importedAt: string;
  importedBy: string;
  summary: ImportSummary;
}

/** One record's row as its file has it, with the file's header to name the cells. */
export interface RawRecordRow {
  recordId: number;
  fileName: string;
  rowNumber: number;
  /** The file's header cells; null for files imported before headers were kept. */
  header: string[] | null;
  /** Null when the row's cells are not stored. */
  cells: (string | null)[] | null;
}

export interface RecordPage {
  total: number;
  rows: (StoredRecord & { raw: (string | null)[] })[];
}

const fileInput = z.object({
  fileRef: z.string().min(1),
  profileId: z.string().min(1).max(64).optional(),
  channelId: z.string().regex(/^[a-z0-9_-]{1,40}$/).optional(),
  internal: z.boolean().optional(),
});

export const importContract = {
  'import.preview': command<ImportPreview>()({ kind: 'read', input: fileInput }),
  'import.file': command<ImportSummary>()({ kind: 'write', input: fileInput, long: true }),
  'profile.list': command<ProfileSummary[]>()({ kind: 'read', input: z.object({}) }),
  'profile.get': command<{ profile: Profile; builtin: boolean }>()({ kind: 'read', input: z.object({ id: z.string().min(1).max(64) }) }),
  'profile.save': command<Profile>()({ kind: 'write', input: z.object({ definition: z.unknown() }) }),
  'files.list': command<SourceFileInfo[]>()({
    kind: 'read',
    input: z.object({ channelId: z.string().optional(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) }),
  }),
  'records.raw': command<RawRecordRow>()({ kind: 'read', input: z.object({ recordId: z.number().int().min(1) }) }),
  'records.list': command<RecordPage>()({
    kind: 'read',
    input: z.object({
      channelId: z.string().min(1),
      period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
      side: z.enum(['channel', 'internal']).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(200),
    }),
  }),
};
