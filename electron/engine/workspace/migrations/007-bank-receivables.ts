import type { Migration } from './types';

// The company's bank statements (a third side beside channel bills and the in-house export) and the
// receivables that agreed statements create. Bank rows live in their own table: `records` is the
// matcher's hot path and its natural key, ranges and cells are shaped for channel rows. Outgoing rows
// are kept too (payouts are checked against them). Receivables themselves are not stored: they are
// read from the statements exported (audit log) and the periods closed, so they never disagree with them.
export const bankReceivables: Migration = {
  version: 7,
  name: 'bank accounts, bank statements and rows, receipt settings, assignments and resolutions',
  sql: `
CREATE TABLE bank_accounts (
  id INTEGER PRIMARY KEY,
  account_no TEXT NOT NULL UNIQUE,
  bank TEXT NOT NULL,
  name TEXT NOT NULL,
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  created_at TEXT NOT NULL
) STRICT;

-- One imported statement file (the bank side's source file).
CREATE TABLE bank_statements (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES bank_accounts(id),
  sha256 TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  container TEXT NOT NULL,
  encoding TEXT,
  size_bytes INTEGER NOT NULL,
  -- From the preamble (起止日期), YYYY-MM-DD, when the file says.
  period_from TEXT,
  period_to TEXT,
  rows_in_file INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  already_present INTEGER NOT NULL,
  opening_minor INTEGER,
  closing_minor INTEGER,
  -- First and last row this statement added (rows an earlier statement held are not its own): the
  -- ends where it joins the account's other statements.
  first_row_id INTEGER,
  last_row_id INTEGER,
  summary TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
) STRICT;

-- ordinal: the row's place in its statement, earliest first (statements listed newest first are turned around).
CREATE TABLE bank_rows (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES bank_accounts(id),
  statement_id INTEGER NOT NULL REFERENCES bank_statements(id),
  row_number INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  occurred_at INTEGER NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  balance_minor INTEGER,
  counterparty_name TEXT,
  counterparty_account TEXT,
  counterparty_bank TEXT,
  remark TEXT,
  serial_no TEXT,
  natural_key TEXT NOT NULL,
  key_occurrence INTEGER NOT NULL DEFAULT 1
) STRICT;
-- The only index: each statement's own rows are chained at import, and statements are joined through
-- their first and last rows (bank/continuity.ts), so nothing reads rows in time order by index.
CREATE UNIQUE INDEX bank_rows_natural_key ON bank_rows (account_id, natural_key, key_occurrence);

-- How a channel pays: its payer names and accounts (aliases: banks truncate names) and when.
CREATE TABLE receipt_settings (
  channel_id TEXT PRIMARY KEY REFERENCES channels(id),
  payer_names TEXT NOT NULL DEFAULT '[]',
  payer_accounts TEXT NOT NULL DEFAULT '[]',
  rule TEXT NOT NULL DEFAULT 'day-of-next-month' CHECK (rule IN ('day-of-next-month', 'days-after-statement', 'weekly', 'months-later')),
  rule_n INTEGER NOT NULL DEFAULT 11 CHECK (rule_n >= 0),
  rule_day INTEGER NOT NULL DEFAULT 1 CHECK (rule_day BETWEEN 1 AND 31),
  grace_days INTEGER NOT NULL DEFAULT 0 CHECK (grace_days >= 0),
  updated_at TEXT NOT NULL
) STRICT;

-- A person's decision about an incoming bank row: it pays a channel's period, or it is not settlement money.
CREATE TABLE receipt_assignments (
  bank_row_id INTEGER PRIMARY KEY REFERENCES bank_rows(id),
  kind TEXT NOT NULL CHECK (kind IN ('receivable', 'not_settlement')),
  channel_id TEXT REFERENCES channels(id),
  period TEXT,
  note TEXT,
  assigned_by TEXT NOT NULL,
  assigned_at TEXT NOT NULL,
  CHECK ((kind = 'receivable') = (channel_id IS NOT NULL AND period IS NOT NULL))
) STRICT;

-- A person's decision on a difference of the receipts stage, keyed by the difference it settles.
CREATE TABLE receipt_resolutions (
  difference_key TEXT PRIMARY KEY,
  action TEXT NOT NULL CHECK (action IN ('waive', 'writeoff', 'dispute', 'refund', 'note')),
  note TEXT,
  resolved_by TEXT NOT NULL,
  resolved_at TEXT NOT NULL
) STRICT;
`,
};
