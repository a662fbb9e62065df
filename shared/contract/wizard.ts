// The mapping wizard's two reads (issue 5): the raw grid of a file no profile fits, and the preview of a
// draft profile that is not saved yet, so the user sees normalised rows while mapping columns.
import { z } from 'zod';
import type { Bilingual, PreviewRow } from './import';
import { command } from './define';

export interface RawGrid {
  fileName: string;
  container: string;
  notes: string[];
  /** Every sheet / ZIP entry / text table of the file, in file order. */
  tables: { name: string; encoding: string | null }[];
  /** The table shown. */
  table: string;
  encoding: string | null;
  rows: { rowNumber: number; cells: (string | null)[] }[];
  /** The row that looks like the header (most filled, mostly text), or null. */
  suggestedHeaderRow: number | null;
}

export interface DraftPreview {
  header: string[];
  rows: PreviewRow[];
  /** Why the draft cannot read the file yet (missing column, no header row …), else null. */
  problem: Bilingual | null;
}

export const wizardContract = {
  'wizard.grid': command<RawGrid>()({
    kind: 'read',
    input: z.object({
      fileRef: z.string().min(1),
      table: z.string().max(300).optional(),
      encoding: z.enum(['utf-8', 'gb18030', 'utf-16le', 'utf-16be']).optional(),
      rows: z.number().int().min(1).max(500).default(60),
    }),
  }),
  'wizard.preview': command<DraftPreview>()({
    kind: 'read',
    input: z.object({ fileRef: z.string().min(1), definition: z.unknown(), channelId: z.string().regex(/^[a-z0-9_-]{1,40}$/).optional() }),
  }),
};
