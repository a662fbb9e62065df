import type { Migration } from './types';

// Who receives the daily run's mail. A list is one kind of news (differences today; overdue receipts,
// risk hits and payout anomalies as those checks arrive) for one channel, or for every channel when
// channel_id is NULL. The SMTP server itself lives in `settings` (mail.smtp), its password encrypted
// (mail.password) with a key kept outside the workspace (mail/secret.ts).
export const mail: Migration = {
  version: 9,
  name: 'mail recipients',
  sql: `
CREATE TABLE mail_recipients (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('differences', 'overdue', 'risk', 'payouts')),
  channel_id TEXT REFERENCES channels(id),
  address TEXT NOT NULL,
  UNIQUE (kind, channel_id, address)
) STRICT;
`,
};
