import type { Migration } from './types';

// A closed period is locked in the database, not only in the code (docs/month-end.md "Closed periods"):
// while (channel, period) is in closed_periods, these triggers refuse any change to its records, their
// id ranges, matches, match runs, differences, the records of those differences, and manual matches
// touching its records. Reopening deletes the closed_periods row (audited by the app) and lifts the lock.
//
// One change stays allowed: a later period's first payment releasing a carried item of the closed
// period (docs/matching.md "Cross-midnight release"). It sets status/resolution/reason/resolved_by/
// resolved_at/released_by_record_id/updated_at of an open, undecided carried_forward difference and
// nothing else; every figure of the period stays as it was closed.
//
// A period's records are the id ranges in record_ranges (workspace/record-ranges.ts): every report,
// statement and match run reads them through their ranges. So a new record is locked out of a closed
// period by refusing its range, not row by row: an import checks closed periods itself before it writes
// ranges (with a clear message), and a row inserted without a range belongs to no period's figures. The
// INSERT trigger on matches runs for every row of a match run, so it probes only small tables: the run
// that writes the match (a run of a closed period cannot be inserted, and a match naming an earlier run
// of a closed period is refused). Updates and deletes, which are few, check the record itself.
const REFUSE = "SELECT RAISE(ABORT, 'period is closed')";
const CLOSED = (channel: string, period: string) => `EXISTS (SELECT 1 FROM closed_periods WHERE channel_id = ${channel} AND period = ${period})`;
const RECORD_CLOSED = (recordId: string) => `EXISTS (SELECT 1 FROM records r JOIN closed_periods cp ON cp.channel_id = r.channel_id AND cp.period = r.period WHERE r.id = ${recordId})`;
/** Cheaper than RECORD_CLOSED for the million-row insert of a match run: match_runs is small and hot. */
const RUN_CLOSED = (runId: string) => `EXISTS (SELECT 1 FROM match_runs mr JOIN closed_periods cp ON cp.channel_id = mr.channel_id AND cp.period = mr.period WHERE mr.id = ${runId})`;
const DIFFERENCE_CLOSED = (differenceId: string) => `EXISTS (SELECT 1 FROM differences d JOIN closed_periods cp ON cp.channel_id = d.channel_id AND cp.period = d.period WHERE d.id = ${differenceId})`;
const MANUAL_CLOSED = (manualId: string) => `EXISTS (SELECT 1 FROM manual_match_records mr JOIN records r ON r.id = mr.record_id
  JOIN closed_periods cp ON cp.channel_id = r.channel_id AND cp.period = r.period WHERE mr.manual_match_id = ${manualId})`;

function trigger(name: string, when: 'INSERT' | 'UPDATE' | 'DELETE', table: string, condition: string): string {
  return `CREATE TRIGGER ${name} BEFORE ${when} ON ${table} WHEN ${condition} BEGIN ${REFUSE}; END;`;
}

/** The release of a carried item by a later payment: the one change a closed period accepts. */
const RELEASE = `OLD.category = 'carried_forward' AND OLD.status = 'open' AND OLD.user_decided = 0 AND OLD.active = 1
  AND NEW.status = 'resolved' AND NEW.resolution = 'released' AND NEW.resolved_by = 'system' AND NEW.released_by_record_id IS NOT NULL
  AND NEW.id = OLD.id AND NEW.channel_id = OLD.channel_id AND NEW.period = OLD.period AND NEW.diff_key = OLD.diff_key AND NEW.category = OLD.category
  AND NEW.order_id IS OLD.order_id AND NEW.currency = OLD.currency AND NEW.channel_amount_minor = OLD.channel_amount_minor
  AND NEW.internal_amount_minor = OLD.internal_amount_minor AND NEW.difference_minor = OLD.difference_minor
  AND NEW.channel_net_minor = OLD.channel_net_minor AND NEW.occurred_at = OLD.occurred_at AND NEW.active = OLD.active
  AND NEW.note IS OLD.note AND NEW.user_decided = OLD.user_decided AND NEW.manual_match_id IS OLD.manual_match_id
  AND NEW.first_run_id = OLD.first_run_id AND NEW.last_run_id = OLD.last_run_id AND NEW.created_at = OLD.created_at`;

// The other side of each channel's statements, and statement numbers (docs/month-end.md "Parties and
// statement numbers"): one number per channel and period, sequential per channel and year.
const PARTIES = `
CREATE TABLE counterparties (
  channel_id TEXT PRIMARY KEY REFERENCES channels(id),
  name TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  statement_prefix TEXT NOT NULL DEFAULT '' CHECK (statement_prefix NOT GLOB '*[^A-Z0-9]*' AND length(statement_prefix) <= 12)
) STRICT;

CREATE TABLE statement_numbers (
  channel_id TEXT NOT NULL REFERENCES channels(id),
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  period TEXT NOT NULL,
  number TEXT NOT NULL UNIQUE,
  issued_at TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  PRIMARY KEY (channel_id, year, seq),
  UNIQUE (channel_id, period)
) STRICT;
-- Four eyes (docs/month-end.md "Four eyes"): a guarded decision waits here until a second operator approves it.
CREATE TABLE approval_requests (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('resolve', 'bulk_resolve', 'manual_match', 'close', 'reopen')),
  channel_id TEXT,
  period TEXT,
  input TEXT NOT NULL,
  summary TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by TEXT,
  decided_at TEXT,
  decision_note TEXT
) STRICT;
CREATE INDEX approval_requests_status ON approval_requests (status, id);
CREATE TRIGGER statement_numbers_no_update BEFORE UPDATE ON statement_numbers BEGIN SELECT RAISE(ABORT, 'statement numbers are never reused'); END;
CREATE TRIGGER statement_numbers_no_delete BEFORE DELETE ON statement_numbers BEGIN SELECT RAISE(ABORT, 'statement numbers are never reused'); END;
`;

export const periodLock: Migration = {
  version: 6,
  name: 'closed periods locked by triggers; counterparties; statement numbers',
  sql: [
    trigger('records_closed_update', 'UPDATE', 'records', `${CLOSED('OLD.channel_id', 'OLD.period')} OR ${CLOSED('NEW.channel_id', 'NEW.period')}`),
    trigger('records_closed_delete', 'DELETE', 'records', CLOSED('OLD.channel_id', 'OLD.period')),
    trigger('record_ranges_closed_insert', 'INSERT', 'record_ranges', CLOSED('NEW.channel_id', 'NEW.period')),
    trigger('record_ranges_closed_update', 'UPDATE', 'record_ranges', `${CLOSED('OLD.channel_id', 'OLD.period')} OR ${CLOSED('NEW.channel_id', 'NEW.period')}`),
    trigger('record_ranges_closed_delete', 'DELETE', 'record_ranges', CLOSED('OLD.channel_id', 'OLD.period')),
    trigger('matches_closed_insert', 'INSERT', 'matches', RUN_CLOSED('NEW.run_id')),
    trigger('matches_closed_update', 'UPDATE', 'matches', `${RECORD_CLOSED('OLD.channel_record_id')} OR ${RECORD_CLOSED('NEW.channel_record_id')}`),
    trigger('matches_closed_delete', 'DELETE', 'matches', RECORD_CLOSED('OLD.channel_record_id')),
    trigger('match_runs_closed_insert', 'INSERT', 'match_runs', CLOSED('NEW.channel_id', 'NEW.period')),
    trigger('match_runs_closed_update', 'UPDATE', 'match_runs', CLOSED('OLD.channel_id', 'OLD.period')),
    trigger('match_runs_closed_delete', 'DELETE', 'match_runs', CLOSED('OLD.channel_id', 'OLD.period')),
    trigger('differences_closed_insert', 'INSERT', 'differences', CLOSED('NEW.channel_id', 'NEW.period')),
    trigger('differences_closed_update', 'UPDATE', 'differences', `(${CLOSED('OLD.channel_id', 'OLD.period')} OR ${CLOSED('NEW.channel_id', 'NEW.period')}) AND NOT (${RELEASE})`),
    trigger('differences_closed_delete', 'DELETE', 'differences', CLOSED('OLD.channel_id', 'OLD.period')),
    trigger('difference_records_closed_insert', 'INSERT', 'difference_records', DIFFERENCE_CLOSED('NEW.difference_id')),
    trigger('difference_records_closed_update', 'UPDATE', 'difference_records', `${DIFFERENCE_CLOSED('OLD.difference_id')} OR ${DIFFERENCE_CLOSED('NEW.difference_id')}`),
    trigger('difference_records_closed_delete', 'DELETE', 'difference_records', DIFFERENCE_CLOSED('OLD.difference_id')),
    trigger('manual_matches_closed_update', 'UPDATE', 'manual_matches', MANUAL_CLOSED('OLD.id')),
    trigger('manual_matches_closed_delete', 'DELETE', 'manual_matches', MANUAL_CLOSED('OLD.id')),
    trigger('manual_match_records_closed_insert', 'INSERT', 'manual_match_records', RECORD_CLOSED('NEW.record_id')),
    trigger('manual_match_records_closed_update', 'UPDATE', 'manual_match_records', `${RECORD_CLOSED('OLD.record_id')} OR ${RECORD_CLOSED('NEW.record_id')}`),
    trigger('manual_match_records_closed_delete', 'DELETE', 'manual_match_records', RECORD_CLOSED('OLD.record_id')),
    // The figures a period was closed with are kept as they were; reopening deletes the row.
    "CREATE TRIGGER closed_periods_no_update BEFORE UPDATE ON closed_periods BEGIN SELECT RAISE(ABORT, 'closed period figures are fixed'); END;",
    PARTIES,
  ].join('\n'),
};
