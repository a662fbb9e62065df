import { digestStoredFiles } from '../../integrity/digest';
import type { Migration } from './types';

// Per imported file, what its records were when they were stored (integrity/digest.ts), so that a
// record changed in place later is found by `verify`, and refused by the statement export and by
// reopening a closed period. Files imported before this migration get their digest from the records
// as they are at the migration (`origin` 'migration'): the baseline for later checks.
export const integrityDigests: Migration = {
  version: 5,
  name: 'integrity digest per imported file',
  sql: `
CREATE TABLE file_digests (
  file_id INTEGER PRIMARY KEY REFERENCES source_files(id),
  -- The ids of the file's records (an import stores them under consecutive ids); NULL without records.
  first_id INTEGER,
  last_id INTEGER,
  records INTEGER NOT NULL,
  payments INTEGER NOT NULL,
  payments_amount INTEGER NOT NULL,
  payments_fee INTEGER NOT NULL,
  refunds INTEGER NOT NULL,
  refunds_amount INTEGER NOT NULL,
  refunds_fee INTEGER NOT NULL,
  -- One little-endian 32-bit check per id from first_id to last_id; 0 where the file has no record.
  row_checks BLOB NOT NULL,
  -- SHA-256 of row_checks.
  hash TEXT NOT NULL,
  -- digest.ts DigestOrigin.
  origin TEXT NOT NULL CHECK (origin IN ('import', 'migration', 'direct')),
  computed_at TEXT NOT NULL
) STRICT;
`,
  run: (db) => digestStoredFiles(db, 'migration'),
};
