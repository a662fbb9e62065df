import type { SourceTable } from '../source';
import type { ZipArchive } from './zip';
import { readXls } from './xls';

// Interim: SheetJS reads the package until the streaming reader lands; the ZIP pre-flight has
// already run on these bytes.
export function readXlsx(zip: ZipArchive, sheet: string | number | undefined, notes: string[], prefix?: string): SourceTable[] {
  return readXls(zip.bytes, zip.place, sheet, notes, prefix);
}
