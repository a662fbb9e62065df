// Statements, difference exports, the dispute workbook, the daily inbox run and period status (issue 4).
// Exported files are written where the front door says (ctx.outputPath); files coming back (a returned
// dispute workbook, a statement to verify, the inbox folder) are FileRefs the front door resolves.
import { z } from 'zod';
import type { MailDelivery } from './mail';
import type { Category, Period, Resolution } from '../domain';
import type { ChannelPeriodReport } from '../report';
import { PERIOD_PATTERN } from '../domain';
import { command, type FileRef } from './define';
import type { ReceiptsDailyReport } from './receivables';

const period = z.string().regex(PERIOD_PATTERN);
const channelId = z.string().regex(/^[a-z0-9_-]{1,40}$/);
const lang = z.enum(['zh', 'en']).optional();
/** A plain file name (no folders); the front door decides the folder. */
const fileName = z.string().min(1).max(200).regex(/^[^/\\:*?"<>|\u0000-\u001f]+$/).optional();
const fileRef: z.ZodType<FileRef> = z.string().min(1).max(4096);

export interface ExportedFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface StatementExportResult extends ExportedFile {
  channelId: string;
  period: Period;
  /** SHA-256 of the canonical data (docs/statements.md). */
  digest: string;
  matchedRows: number;
  differenceRows: number;
  carriedRows: number;
  report: ChannelPeriodReport;
  /** The statement number (docs/month-end.md), e.g. ZFB-2026-0001. */
  number?: string;
}

/** Whether a statement of the period would mean something, and what a signer should see before export. */
export interface StatementReadiness {
  channelId: string;
  period: Period;
  currency: string;
  ready: boolean;
  /** Why a statement is refused (no bill, never matched, rows imported after the last match). */
  problem: { key: string; zh: string; en: string } | null;
  openDifferences: number;
  /** Sum of |difference| of the open differences, minor units. */
  openAmountMinor: number;
  /** Last match run (ISO instant); null when never. */
  matchedAt: string | null;
  /** Last import of a file with rows of the period (ISO instant). */
  lastImportAt: string | null;
  closed: boolean;
}

export type StatementFigure = 'payment_rows' | 'refund_rows' | 'gross' | 'refunds' | 'fees' | 'net' | 'agreed' | 'disputed' | 'claims' | 'waived_total' | 'waived_count'
  /** Read back from the 明细 and 差错 sheets: their row counts and the sum of the 明细 net column. */
  | 'matched_rows' | 'matched_net' | 'difference_rows';

export interface StatementVerification {
  ok: boolean;
  channelId: string;
  period: Period;
  digestInFile: string;
  digestNow: string;
  /** Figures printed in the file that differ from the workspace now (minor units; counts as is). */
  mismatches: { field: StatementFigure; inFile: number | null; now: number }[];
}

export type DisputeAnswer = 'accept' | 'reject' | 'correct';
export type AnswerResolution = Exclude<Resolution, 'manual_match' | 'released'>;
export interface Bilingual { zh: string; en: string }

export interface ProposedResolution {
  differenceId: number;
  orderId: string | null;
  category: Category;
  answer: DisputeAnswer;
  correctedAmountMinor: number | null;
  channelNote: string;
  /** Row of the returned workbook, for the confirmation list. */
  rowNumber: number;
  /** What would be written; null when the row cannot be applied (see problem). */
  proposed: { as: AnswerResolution; note: string } | null;
  problem: Bilingual | null;
}

export interface DisputeAnswers {
  channelId: string;
  period: Period;
  fileName: string;
  proposals: ProposedResolution[];
  /** Rows the channel left unanswered. */
  unanswered: number;
}

export interface AppliedAnswers {
  applied: { differenceId: number; as: AnswerResolution }[];
  skipped: { differenceId: number; reason: Bilingual }[];
}

/** `waiting`: modified moments ago (a sync or copy may still be writing it); left for the next run. */
export type InboxOutcome = 'imported' | 'recovered' | 'duplicate' | 'failed' | 'waiting';

export interface InboxFile {
  name: string;
  outcome: InboxOutcome;
  /** Where the file is now, relative to the inbox (imported/…, duplicates/…, failed/…). */
  movedTo: string;
  reason: Bilingual | null;
  channelId: string | null;
  periods: Period[];
  rows: number;
}

export interface ChannelAttention {
  channelId: string;
  period: Period;
  open: number;
  /** Open differences whose |difference| is above the channel's per-item tolerance. */
  overTolerance: number;
  report: ChannelPeriodReport;
}

export interface InboxRunResult {
  inbox: string;
  files: InboxFile[];
  matched: { channelId: string; period: Period; skipped: string | null }[];
  channels: ChannelAttention[];
  reportFiles: string[];
  /**
   * 0 nothing needs attention; 1 open differences over tolerance or failed files; 2 the report was
   * written but its mail (asked for with `mail`) did not reach every recipient list.
   */
  exitCode: 0 | 1 | 2;
  /** With `mail`: one delivery per recipient list that had something to act on. */
  mail?: { deliveries: MailDelivery[]; problem: { zh: string; en: string } | null };
  /** Receipts stage: bank receipts new since the last run, receivables overdue since the last run. */
  receipts?: ReceiptsDailyReport;
}

export interface ChannelStatus {
  channelId: string;
  name: string;
  manualDownload: boolean;
  /** Every channel is expected to deliver a bill for every period. */
  expected: true;
  /** Channel files holding rows of the period. */
  filesReceived: number;
  /** Channel rows of the period (payments + refunds) and internal orders of the channel in it. */
  channelRows: number;
  internalRows: number;
  /** Last match run of the period; `matchCurrent` is false when a file was imported after it. */
  matchedAt: string | null;
  matchCurrent: boolean;
  openDifferences: number;
  agreed: number;
  /** Last statement export; `statementCurrent` is false when the agreed or disputed figure changed since. */
  statementAt: string | null;
  statementCurrent: boolean;
  closed: boolean;
  /** The next thing to do; null when the period is closed. */
  missing: Bilingual | null;
}

const target = z.object({ channelId, period, lang, fileName });

export const statementContract = {
  'statement.export': command<StatementExportResult>()({ kind: 'write', input: target }),
  /** The printable HTML (the app prints it to PDF); with `save` also written as a file and audited. */
  'statement.html': command<{ html: string; digest: string; file: ExportedFile | null }>()({
    kind: 'write', input: target.extend({ save: z.boolean().optional() }),
  }),
  'statement.readiness': command<StatementReadiness>()({ kind: 'read', input: z.object({ channelId, period }) }),
  'statement.verify': command<StatementVerification>()({ kind: 'read', input: z.object({ file: fileRef }) }),
  'differences.exportCsv': command<ExportedFile & { rows: number }>()({
    kind: 'write', input: target.extend({ encoding: z.enum(['utf-8', 'gb18030']).optional(), all: z.boolean().optional() }),
  }),
  'disputes.export': command<ExportedFile & { rows: number }>()({ kind: 'write', input: target }),
  'disputes.readAnswers': command<DisputeAnswers>()({ kind: 'read', input: z.object({ file: fileRef }) }),
  'disputes.apply': command<AppliedAnswers>()({
    kind: 'write', input: z.object({ file: fileRef, confirm: z.array(z.number().int().positive()).min(1).max(100_000) }),
  }),
  'inbox.run': command<InboxRunResult>()({ kind: 'write', long: true, input: z.object({ inbox: fileRef, period: period.optional(), lang, settleSeconds: z.number().int().min(0).max(86_400).optional(), mail: z.boolean().optional() }) }),
  'status.period': command<ChannelStatus[]>()({ kind: 'read', input: z.object({ period }) }),
};
