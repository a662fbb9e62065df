import type { Migration } from './types';

// A month of one channel is a million records, and every index on `records` costs every one of them
// (bench/import.ts: about 0.6 s per index per million rows on these machines). This migration keeps
// only what reading needs and makes the rest cheaper to write:
//
// - Raw cells leave the row. They are read one row at a time (the workbench's "raw cells"), never
//   scanned, so they are stored per file in blocks of consecutive records, compressed: a million rows
//   cost a few hundred blob writes instead of a million JSON texts in the table. Blocks written by
//   this migration stay uncompressed JSON ('json'); imports write 'brotli' (see import/cells.ts).
// - The file's header is kept with the file, so raw cells can be shown under their column names.
// - `records_period` becomes `record_ranges`: the rows of one import are consecutive ids, so a
//   channel's period is a few id ranges (workspace/record-ranges.ts) instead of an index entry per row.
// - `records_file` goes: nothing looks records up by file (a file's channels are in its summary).
// - `records_txn` only serves the lookup of an in-house order by the channel's transaction id, so it
//   only holds in-house rows that carry one.
// - The natural-key index leads with the key itself: its comparisons then end on the first column
//   instead of walking two equal columns (side, channel) on every step down the tree.
export const bulkRecords: Migration = {
  version: 4,
  name: 'raw cells in blocks per file; leaner record indexes',
  sql: `
CREATE TABLE record_cells (
  file_id INTEGER NOT NULL REFERENCES source_files(id),
  first_row INTEGER NOT NULL,
  last_row INTEGER NOT NULL,
  -- How data is written (electron/engine/import/cells.ts).
  codec TEXT NOT NULL CHECK (codec IN ('json', 'brotli')),
  data BLOB NOT NULL,
  PRIMARY KEY (file_id, first_row)
) STRICT, WITHOUT ROWID;

INSERT INTO record_cells (file_id, first_row, last_row, codec, data)
  SELECT file_id, MIN(row_number), MAX(row_number), 'json', CAST(json_group_array(json_array(row_number, json(raw))) AS BLOB)
  FROM records GROUP BY file_id, row_number / 1024;

ALTER TABLE records DROP COLUMN raw;

CREATE TABLE record_ranges (
  channel_id TEXT NOT NULL,
  period TEXT NOT NULL,
  side TEXT NOT NULL,
  file_id INTEGER NOT NULL REFERENCES source_files(id),
  first_id INTEGER NOT NULL,
  last_id INTEGER NOT NULL,
  records INTEGER NOT NULL,
  PRIMARY KEY (channel_id, period, side, file_id)
) STRICT, WITHOUT ROWID;

INSERT INTO record_ranges (channel_id, period, side, file_id, first_id, last_id, records)
  SELECT channel_id, period, side, file_id, MIN(id), MAX(id), COUNT(*) FROM records GROUP BY channel_id, period, side, file_id;
DROP INDEX records_period;
ALTER TABLE source_files ADD COLUMN header TEXT;

DROP INDEX records_file;
DROP INDEX records_txn;
CREATE INDEX records_txn ON records (channel_id, channel_txn_id) WHERE side = 'internal' AND channel_txn_id IS NOT NULL;
DROP INDEX records_natural_key;
CREATE UNIQUE INDEX records_natural_key ON records (natural_key, key_occurrence, channel_id, side);
`,
};
