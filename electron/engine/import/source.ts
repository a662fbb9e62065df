import type { FixedWidthOptions } from './readers/fixed-width';

// What a reader hands to the profile layer: rows of cells, in file order, with the physical row
// number a user can find in the file. Readers know containers and encodings; they know nothing of
// channels. Profiles know columns and meanings; they never see bytes.

/** A cell of a spreadsheet, typed as the file stored it. Delimited text gives plain strings instead. */
export type SheetCell =
  | { t: 's'; v: string }
  /** A numeric cell. `v` is the number exactly as written in the file (e.g. "100.1", "1.23456789012345E+17"). */
  | { t: 'n'; v: string; /** the cell's number format looks like a date/time */ date?: boolean; fmt?: string }
  | { t: 'b'; v: boolean }
  /** An error cell such as #N/A or #DIV/0!. */
  | { t: 'e'; v: string }
  /** A formula cell with no cached value: its result is unknown to us. */
  | { t: 'f'; formula: string };

export type RawCell = string | SheetCell | null;

export interface SourceRow {
  /** 1-based physical line (text) or sheet row number, as the user sees it in Excel or an editor. */
  rowNumber: number;
  cells: RawCell[];
  /** Delimited text only: the row exactly as written (without its line break), quotes and all. */
  line?: string;
}

export type Container = 'csv' | 'xlsx' | 'xls' | 'zip' | 'gzip' | 'html' | 'fixed-width';

export interface SourceTable {
  /** ZIP entry name (decoded), sheet name, or the file name for a bare text file. */
  name: string;
  /** Rows in file order. May be iterated once; readers stream where they can. */
  rows(): Iterable<SourceRow>;
  /** Text encoding used for this table, when it was text. */
  encoding: string | null;
  /** Delimited text only: the delimiter its rows are split on. */
  delimiter?: string;
  /** Fixed-width text only: whether the first records reach their last declared field (detection). */
  layoutFits?: boolean;
  /** Workbook uses the 1904 date system: date serials count days from 1904-01-01 (xlsx/xls only). */
  date1904?: boolean;
}

export interface OpenedSource {
  fileName: string;
  /** The real type found from the bytes (not the extension). */
  container: Container;
  /** Tables in the order the file holds them: one for CSV, one per sheet, one per readable ZIP entry. */
  tables: SourceTable[];
  /** Facts worth showing the user (e.g. "hidden sheet ignored", "ZIP entry skipped"). */
  notes: string[];
}

export interface OpenOptions {
  /** Forced text encoding from the profile: 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be'. */
  encoding?: string;
  /** Which ZIP entries to read (regular expression source matched against decoded entry names). */
  entryPattern?: string;
  /**
   * Without `entryPattern`: ZIP entries read besides those named like bills (.csv, .txt …), for
   * detection, whose candidate profiles may read entries without such a name (UnionPay's `…ZM_…`).
   */
  extraEntries?: string[];
  /** Sheet to read from a workbook (name or 0-based index); default: every sheet. */
  sheet?: string | number;
  /** Delimiter for text files; default: detected among , TAB ; | */
  delimiter?: string;
  /** Text files: fields at fixed positions instead of delimited (readers/fixed-width.ts). */
  fixedWidth?: FixedWidthOptions;
}
