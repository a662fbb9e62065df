import type { Migration } from './types';

export const foundation: Migration = {
  version: 1,
  name: 'workspace, channels, profiles, source files, records, audit log',
  sql: `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE channels (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9_-]*' AND length(id) BETWEEN 1 AND 40),
  name TEXT NOT NULL,
  aliases TEXT NOT NULL DEFAULT '[]',
  time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
  currency TEXT NOT NULL DEFAULT 'CNY',
  tolerance_minor INTEGER NOT NULL DEFAULT 100 CHECK (tolerance_minor >= 0),
  period_cap_minor INTEGER CHECK (period_cap_minor IS NULL OR period_cap_minor >= 0),
  period_cap_bps INTEGER CHECK (period_cap_bps IS NULL OR period_cap_bps BETWEEN 0 AND 10000),
  cutoff_seconds INTEGER NOT NULL DEFAULT 600 CHECK (cutoff_seconds >= 0),
  manual_download INTEGER NOT NULL DEFAULT 0 CHECK (manual_download IN (0, 1)),
  settlement_cycle TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE profiles (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE source_files (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('channel', 'internal')),
  channel_id TEXT REFERENCES channels(id),
  profile_id TEXT NOT NULL,
  container TEXT NOT NULL,
  encoding TEXT,
  size_bytes INTEGER NOT NULL,
  rows_in_file INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  filtered INTEGER NOT NULL,
  already_present INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  summary TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
) STRICT;

CREATE TABLE records (
  id INTEGER PRIMARY KEY,
  side TEXT NOT NULL CHECK (side IN ('channel', 'internal')),
  channel_id TEXT NOT NULL REFERENCES channels(id),
  kind TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
  order_id TEXT,
  channel_txn_id TEXT,
  refund_id TEXT,
  amount_minor INTEGER NOT NULL,
  fee_minor INTEGER NOT NULL DEFAULT 0,
  refunded_minor INTEGER,
  currency TEXT NOT NULL,
  status TEXT,
  occurred_at INTEGER NOT NULL,
  period TEXT NOT NULL,
  account TEXT,
  memo TEXT,
  natural_key TEXT NOT NULL,
  key_occurrence INTEGER NOT NULL DEFAULT 1,
  file_id INTEGER NOT NULL REFERENCES source_files(id),
  row_number INTEGER NOT NULL,
  raw TEXT NOT NULL
) STRICT;

-- A channel row delivered again (overlapping bills) is recognised by its natural key; identical rows
-- inside one file stay distinct through key_occurrence (1st, 2nd … row with that key in the file).
CREATE UNIQUE INDEX records_natural_key ON records (side, channel_id, natural_key, key_occurrence);
CREATE INDEX records_order ON records (channel_id, side, order_id);
CREATE INDEX records_txn ON records (channel_id, side, channel_txn_id);
CREATE INDEX records_period ON records (channel_id, period, side);
CREATE INDEX records_file ON records (file_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  who TEXT NOT NULL,
  action TEXT NOT NULL,
  channel_id TEXT,
  period TEXT,
  subject TEXT,
  before TEXT,
  after TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_action ON audit_log (action, at);

-- The audit log is append-only: history is corrected by new entries, never rewritten.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`,
};
