// Fixture builders for the reader tests: hand-made ZIPs (so flags, names and sizes can be set exactly
// as real tools write them, including GBK names without the UTF-8 flag) and GBK text.

import { crc32 } from 'node:zlib';
import { deflateSync } from 'fflate';
import iconv from 'iconv-lite';

export interface FixtureEntry {
  /** Name bytes as written; a string is written as UTF-8. */
  name: string | Uint8Array;
  data: Uint8Array | string;
  /** 0 = stored, 8 = deflate (default). */
  method?: 0 | 8;
  /** Set the UTF-8 name flag (bit 11). */
  utf8Flag?: boolean;
  /** Override the uncompressed size declared in both headers. */
  declaredSize?: number;
  /** Extra general-purpose flag bits (bit 0 = encrypted). */
  flags?: number;
  /** Method number written in the headers, when testing methods we do not support. */
  declaredMethod?: number;
}

export function gbk(text: string): Buffer {
  return iconv.encode(text, 'gbk');
}

export function buildZip(entries: FixtureEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : Buffer.from(e.name);
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data);
    const method = e.method ?? 8;
    const body = method === 8 ? Buffer.from(deflateSync(raw)) : raw;
    const crc = crc32(raw) >>> 0;
    const size = e.declaredSize ?? raw.length;
    const flags = (e.utf8Flag ? 0x800 : 0) | (e.flags ?? 0);
    const written = e.declaredMethod ?? method;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(written, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(written, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** Every row of every table, as [rowNumber, cells] pairs, for compact assertions. */
export function allRows(source: { tables: { rows(): Iterable<{ rowNumber: number; cells: unknown[] }> }[] }, table = 0): [number, unknown[]][] {
  const t = source.tables[table];
  if (!t) throw new Error(`no table ${table}`);
  return [...t.rows()].map((r) => [r.rowNumber, r.cells]);
}
