import type { Migration } from './types';

// Mail and risk screening (交易风控).
//
// Who receives the daily run's mail. A list is one kind of news (differences today; overdue receipts,
// risk hits and payout anomalies as those checks arrive) for one channel, or for every channel when
// channel_id is NULL. The SMTP server itself lives in `settings` (mail.smtp), its password encrypted
// (mail.password) with a key kept outside the workspace (mail/secret.ts).
export const mailAndRisk: Migration = {
  version: 9,
  name: 'mail recipients, risk rules, blacklist and hits',
  sql: `
CREATE TABLE mail_recipients (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('differences', 'overdue', 'risk', 'payouts')),
  channel_id TEXT REFERENCES channels(id),
  address TEXT NOT NULL,
  UNIQUE (kind, channel_id, address)
) STRICT;

-- Rule settings that differ from the built-in defaults (shared/risk.ts): channel_id NULL for every
-- channel, a channel's own row wins. params is JSON (thresholds in minor units, counts, minutes).
CREATE TABLE risk_rules (
  rule TEXT NOT NULL,
  channel_id TEXT REFERENCES channels(id),
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  params TEXT NOT NULL DEFAULT '{}',
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX risk_rules_scope ON risk_rules (rule, ifnull(channel_id, ''));

CREATE TABLE risk_blacklist (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('card', 'account', 'ip', 'device', 'user')),
  value TEXT NOT NULL,
  reason TEXT NOT NULL,
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL,
  -- Where it came from: a file name, 'manual', or 'hit #N' for a confirmed risk hit.
  source TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX risk_blacklist_value ON risk_blacklist (type, value);

-- One row per thing a rule found, keyed by what it is about (rules.ts), so a re-screen finds the same
-- row: decisions stay; a hit the data no longer produces is kept inactive, never deleted.
CREATE TABLE risk_hits (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL,
  channel_id TEXT NOT NULL REFERENCES channels(id),
  period TEXT NOT NULL,
  hit_key TEXT NOT NULL,
  subject_zh TEXT NOT NULL,
  subject_en TEXT NOT NULL,
  record_ids TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  detail TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'false_positive', 'follow_up')),
  note TEXT,
  decided_by TEXT,
  decided_at TEXT,
  first_found_at TEXT NOT NULL,
  UNIQUE (channel_id, period, hit_key)
) STRICT;
CREATE INDEX risk_hits_list ON risk_hits (period, channel_id, active, status, rule);
`,
};
