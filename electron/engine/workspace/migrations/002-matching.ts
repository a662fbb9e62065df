import type { Migration } from './types';

export const matching: Migration = {
  version: 2,
  name: 'match runs, matches, differences, manual matches, closed periods',
  sql: `
CREATE TABLE match_runs (
  id INTEGER PRIMARY KEY,
  channel_id TEXT NOT NULL REFERENCES channels(id),
  period TEXT NOT NULL,
  ran_at TEXT NOT NULL,
  ran_by TEXT NOT NULL,
  summary TEXT NOT NULL
) STRICT;
CREATE INDEX match_runs_period ON match_runs (channel_id, period, id);

-- One row per channel record (payment or refund) the matcher agreed with an internal order. Keyed by
-- the channel record so that a run writes 1,000,000 rows as appends to one B-tree. No foreign keys on
-- purpose: the matcher writes these from records it read in the same transaction, and a parent lookup
-- per row would double the cost of the bulk write.
CREATE TABLE matches (
  channel_record_id INTEGER PRIMARY KEY,
  internal_record_id INTEGER NOT NULL,
  run_id INTEGER NOT NULL
) STRICT;

CREATE TABLE manual_matches (
  id INTEGER PRIMARY KEY,
  channel_id TEXT NOT NULL REFERENCES channels(id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  channel_amount_minor INTEGER NOT NULL,
  internal_amount_minor INTEGER NOT NULL,
  difference_minor INTEGER NOT NULL,
  reason TEXT,
  note TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE manual_match_records (
  manual_match_id INTEGER NOT NULL REFERENCES manual_matches(id),
  record_id INTEGER NOT NULL REFERENCES records(id),
  side TEXT NOT NULL CHECK (side IN ('channel', 'internal')),
  PRIMARY KEY (manual_match_id, record_id)
) STRICT, WITHOUT ROWID;

-- A difference is identified by (channel, period, diff_key) so that re-running the matcher finds the
-- same row again and keeps the decision a person made on it. A difference the latest run no longer
-- produces (its facts changed) is kept with active = 0, decision and all, rather than deleted.
CREATE TABLE differences (
  id INTEGER PRIMARY KEY,
  channel_id TEXT NOT NULL REFERENCES channels(id),
  period TEXT NOT NULL,
  diff_key TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('amount_mismatch', 'channel_only', 'internal_only', 'carried_forward', 'refund_mismatch', 'duplicate')),
  order_id TEXT,
  currency TEXT NOT NULL,
  channel_amount_minor INTEGER NOT NULL,
  internal_amount_minor INTEGER NOT NULL,
  difference_minor INTEGER NOT NULL,
  channel_net_minor INTEGER NOT NULL,
  occurred_at INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolution TEXT CHECK (resolution IS NULL OR resolution IN ('backfill', 'carry', 'dispute', 'refund', 'writeoff', 'waive', 'manual_match', 'released')),
  reason TEXT,
  note TEXT,
  resolved_by TEXT,
  resolved_at TEXT,
  -- 1 once a person resolved or undid it: the matcher never changes such a decision again.
  user_decided INTEGER NOT NULL DEFAULT 0 CHECK (user_decided IN (0, 1)),
  manual_match_id INTEGER REFERENCES manual_matches(id),
  released_by_record_id INTEGER REFERENCES records(id),
  first_run_id INTEGER NOT NULL,
  last_run_id INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (channel_id, period, diff_key)
) STRICT;
CREATE INDEX differences_view ON differences (channel_id, period, active, category, status);
CREATE INDEX differences_manual ON differences (manual_match_id) WHERE manual_match_id IS NOT NULL;

CREATE TABLE difference_records (
  difference_id INTEGER NOT NULL REFERENCES differences(id),
  record_id INTEGER NOT NULL REFERENCES records(id),
  side TEXT NOT NULL CHECK (side IN ('channel', 'internal')),
  PRIMARY KEY (difference_id, record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX difference_records_record ON difference_records (record_id);

CREATE TABLE closed_periods (
  channel_id TEXT NOT NULL REFERENCES channels(id),
  period TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  closed_by TEXT NOT NULL,
  note TEXT,
  figures TEXT NOT NULL,
  PRIMARY KEY (channel_id, period)
) STRICT;
`,
};
