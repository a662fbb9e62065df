// An export is on disk under its name only together with its audit entry. The file is written and
// flushed under a hidden temporary name first; then one write transaction appends the audit entry
// and renames the file into place just before the commit. If the transaction cannot start (the
// write lock is held, the workspace is read-only) or the commit fails after the rename, the file is
// taken back out: a command that failed never leaves a statement behind that looks valid.
import { appendAudit, type AuditEntry } from '../workspace/audit';
import { writeTransaction, type DB } from '../workspace/db';
import { AtomicFile, type WrittenFile } from './atomic-file';

export type ExportEntry = (written: WrittenFile) => AuditEntry;

/** Seals `file`, then records and places it in one step (see above). */
export function placeRecorded(db: DB, file: AtomicFile, entry: ExportEntry): WrittenFile {
  const written = file.seal();
  try {
    writeTransaction(db, () => {
      appendAudit(db, entry(written));
      file.place();
    });
  } catch (e) {
    file.unplace();
    file.abort();
    throw e;
  }
  return file.finish();
}

/** Writes `data` to `path` as a recorded export. */
export function writeRecorded(db: DB, path: string, data: Uint8Array, entry: ExportEntry): WrittenFile {
  const file = new AtomicFile(path);
  try {
    file.write(data);
  } catch (e) {
    file.abort();
    throw e;
  }
  return placeRecorded(db, file, entry);
}
