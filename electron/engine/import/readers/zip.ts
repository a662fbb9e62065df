// ZIP containers (bill archives and the xlsx package). We read the central directory ourselves and
// check every declared size BEFORE inflating anything: SheetJS and naive unzip code allocate what a
// header declares (a few-KB file drove RSS to 2 GiB in the spike, reliability.md E15). Only the
// entries a caller asks for are inflated, one at a time, with fflate into a buffer of the declared
// size, and the result must match the declared size and CRC.

import { crc32 } from 'node:zlib';
import { Inflate, inflateSync } from 'fflate';
import { UserError } from '../../errors';
import { refuse, type Place } from './refusals';

export const ZIP_LIMITS = {
  maxEntries: 1000,
  maxEntryBytes: 512 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  /** Below this size a high ratio is harmless (a tiny, very regular file), so it is not checked. */
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipEntry {
  /** Decoded entry name (UTF-8 when flagged or valid, else GB18030). */
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
  /** Raw name bytes, compared with the local header. */
  nameBytes: Uint8Array;
}

export interface ZipArchive {
  entries: ZipEntry[];
  bytes: Uint8Array;
  place: Place;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
const gb18030 = new TextDecoder('gb18030');

/**
 * Entry names: the UTF-8 flag (bit 11) or an Info-ZIP Unicode path field settle it; otherwise
 * Chinese Windows tools write GBK without saying so, so valid UTF-8 is taken and anything else is
 * read as GB18030.
 */
function decodeName(raw: Uint8Array, flags: number): string {
  if (flags & 0x800) return lenientUtf8.decode(raw);
  try {
    return strictUtf8.decode(raw);
  } catch {
    return gb18030.decode(raw);
  }
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function u64(v: DataView, at: number): number {
  const n = v.getBigUint64(at, true);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

function findEocd(b: Uint8Array, v: DataView): number {
  const stop = Math.max(0, b.length - 22 - 0xffff);
  for (let at = b.length - 22; at >= stop; at--) {
    if (b[at] === 0x50 && b[at + 1] === 0x4b && v.getUint32(at, true) === SIG_EOCD) return at;
  }
  return -1;
}

/** Reads and pre-flights the central directory. Nothing is inflated here. */
export function readZip(bytes: Uint8Array, place: Place): ZipArchive {
  const v = view(bytes);
  const eocd = findEocd(bytes, v);
  if (eocd < 0) throw refuse.truncated(place, 'ZIP 目录缺失 / ZIP directory missing');
  let count = v.getUint16(eocd + 10, true);
  let cdSize = v.getUint32(eocd + 12, true);
  let cdOffset = v.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || v.getUint32(loc, true) !== SIG_ZIP64_LOCATOR) throw refuse.damagedZip(place, 'ZIP64 locator missing');
    const z64 = u64(v, loc + 8);
    if (z64 + 56 > bytes.length || v.getUint32(z64, true) !== SIG_ZIP64_EOCD) throw refuse.truncated(place, 'ZIP64 目录缺失 / ZIP64 directory missing');
    count = u64(v, z64 + 32);
    cdSize = u64(v, z64 + 40);
    cdOffset = u64(v, z64 + 48);
  }
  if (count > ZIP_LIMITS.maxEntries) throw refuse.zipBomb(place, `${count} entries > ${ZIP_LIMITS.maxEntries}`);
  if (cdOffset + cdSize > bytes.length) throw refuse.truncated(place, 'ZIP 目录越界 / ZIP directory beyond end of file');

  const entries: ZipEntry[] = [];
  let at = cdOffset;
  let total = 0;
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || v.getUint32(at, true) !== SIG_CENTRAL) throw refuse.damagedZip(place, `central directory entry ${k + 1} unreadable`);
    const flags = v.getUint16(at + 8, true);
    const method = v.getUint16(at + 10, true);
    const crc = v.getUint32(at + 16, true);
    let compressedSize = v.getUint32(at + 20, true);
    let uncompressedSize = v.getUint32(at + 24, true);
    const nameLen = v.getUint16(at + 28, true);
    const extraLen = v.getUint16(at + 30, true);
    const commentLen = v.getUint16(at + 32, true);
    let localOffset = v.getUint32(at + 42, true);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLen);
    let name = decodeName(nameBytes, flags);
    // Extra fields: ZIP64 sizes (0x0001) and the Info-ZIP Unicode path (0x7075).
    let e = at + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd && extraEnd <= bytes.length) {
      const id = v.getUint16(e, true);
      const size = v.getUint16(e + 2, true);
      let p = e + 4;
      if (id === 0x0001) {
        if (uncompressedSize === 0xffffffff && p + 8 <= e + 4 + size) { uncompressedSize = u64(v, p); p += 8; }
        if (compressedSize === 0xffffffff && p + 8 <= e + 4 + size) { compressedSize = u64(v, p); p += 8; }
        if (localOffset === 0xffffffff && p + 8 <= e + 4 + size) { localOffset = u64(v, p); }
      } else if (id === 0x7075 && size > 5 && v.getUint32(e + 5, true) === crc32(nameBytes) >>> 0) {
        // Only trusted while its CRC still matches the plain name (a later tool may have renamed it).
        name = lenientUtf8.decode(bytes.subarray(e + 9, e + 4 + size));
      }
      e += 4 + size;
    }
    at = extraEnd + commentLen;
    const entry: ZipEntry = { name, method, flags, crc, compressedSize, uncompressedSize, localOffset, nameBytes };
    if (uncompressedSize > ZIP_LIMITS.maxEntryBytes) {
      throw refuse.zipBomb({ ...place, part: name }, `${Math.round(uncompressedSize / 1048576)} MB > ${ZIP_LIMITS.maxEntryBytes / 1048576} MB`);
    }
    total += uncompressedSize;
    if (total > ZIP_LIMITS.maxTotalBytes) throw refuse.zipBomb(place, `total > ${ZIP_LIMITS.maxTotalBytes / 1048576} MB`);
    entries.push(entry);
  }
  return { entries, bytes, place };
}

export function isDirectory(e: ZipEntry): boolean {
  return e.name.endsWith('/') || e.name.endsWith('\\');
}

/**
 * The compressed bytes of one entry, after checking its local header against the central
 * directory, its compression ratio, and that its data lies inside the file.
 */
function entryData(zip: ZipArchive, entry: ZipEntry): Uint8Array {
  const { bytes } = zip;
  const place = entryPlace(zip, entry);
  const v = view(bytes);
  const at = entry.localOffset;
  if (at + 30 > bytes.length) throw refuse.truncated(place, '数据越界 / data beyond end of file');
  if (v.getUint32(at, true) !== SIG_LOCAL) throw refuse.damagedZip(place, 'local header missing');
  const flags = v.getUint16(at + 6, true);
  const method = v.getUint16(at + 8, true);
  const nameLen = v.getUint16(at + 26, true);
  const extraLen = v.getUint16(at + 28, true);
  const localName = bytes.subarray(at + 30, at + 30 + nameLen);
  if (method !== entry.method || !sameBytes(localName, entry.nameBytes)) throw refuse.damagedZip(place, 'local and central headers disagree');
  if (!(flags & 0x08)) {
    const localCrc = v.getUint32(at + 14, true);
    const localComp = v.getUint32(at + 18, true);
    const localUncomp = v.getUint32(at + 22, true);
    const sizesAgree = (localComp === 0xffffffff || localComp === entry.compressedSize)
      && (localUncomp === 0xffffffff || localUncomp === entry.uncompressedSize);
    if (localCrc !== entry.crc || !sizesAgree) throw refuse.damagedZip(place, 'local and central headers disagree');
  }
  if (entry.flags & 0x01) throw refuse.passwordProtected(place);
  if (entry.method !== 0 && entry.method !== 8) throw refuse.unsupportedZip(place, `compression method ${entry.method}`);
  if (entry.uncompressedSize > ZIP_LIMITS.ratioFloorBytes
    && entry.uncompressedSize > entry.compressedSize * ZIP_LIMITS.maxRatio) {
    throw refuse.zipBomb(place, `ratio ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}:1 > ${ZIP_LIMITS.maxRatio}:1`);
  }
  if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) throw refuse.damagedZip(place, 'stored entry sizes disagree');
  const start = at + 30 + nameLen + extraLen;
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw refuse.truncated(place, '数据越界 / data beyond end of file');
  return bytes.subarray(start, end);
}

export function entryPlace(zip: ZipArchive, entry: ZipEntry): Place {
  return { fileName: zip.place.fileName, part: zip.place.part === undefined ? entry.name : `${zip.place.part}/${entry.name}` };
}

/** Inflates one whole entry. Output must have exactly the declared size and CRC. */
export function inflateEntry(zip: ZipArchive, entry: ZipEntry): Uint8Array {
  const place = entryPlace(zip, entry);
  const data = entryData(zip, entry);
  let out: Uint8Array;
  if (entry.method === 0) {
    out = data;
  } else {
    try {
      // One spare byte: if it gets filled, the entry inflates past its declared size.
      out = inflateSync(data, { out: new Uint8Array(entry.uncompressedSize + 1) });
    } catch {
      throw refuse.truncated(place, '压缩数据中断 / compressed data ends early');
    }
    if (out.length !== entry.uncompressedSize) throw refuse.damagedZip(place, `inflated ${out.length} bytes, declared ${entry.uncompressedSize}`);
  }
  if (crc32(out) >>> 0 !== entry.crc) throw refuse.damagedZip(place, 'CRC mismatch');
  return out;
}

/** Compressed bytes fed to the inflater per step of a streamed entry. */
const INFLATE_INPUT_BYTES = 256 * 1024;

/**
 * Inflates one entry piece by piece, so a large worksheet is scanned without holding it whole.
 * The running size may never pass the declared size; size and CRC are checked at the end.
 */
export function* inflateEntryChunks(zip: ZipArchive, entry: ZipEntry): Generator<Uint8Array> {
  const place = entryPlace(zip, entry);
  const data = entryData(zip, entry);
  let total = 0;
  let crc = 0;
  const pending: Uint8Array[] = [];
  const take = (chunk: Uint8Array): void => {
    total += chunk.length;
    if (total > entry.uncompressedSize) throw refuse.damagedZip(place, `inflates past its declared ${entry.uncompressedSize} bytes`);
    crc = crc32(chunk, crc);
    pending.push(chunk);
  };
  const inflater = entry.method === 8 ? new Inflate(take) : null;
  let at = 0;
  do {
    const end = Math.min(data.length, at + INFLATE_INPUT_BYTES);
    const piece = data.subarray(at, end);
    at = end;
    if (inflater) {
      try {
        inflater.push(piece, end === data.length);
      } catch (e) {
        if (e instanceof UserError) throw e;
        throw refuse.truncated(place, '压缩数据中断 / compressed data ends early');
      }
    } else {
      take(piece);
    }
    while (pending.length > 0) yield pending.shift()!;
  } while (at < data.length);
  if (total !== entry.uncompressedSize) throw refuse.truncated(place, `inflated ${total} bytes, declared ${entry.uncompressedSize}`);
  if (crc >>> 0 !== entry.crc) throw refuse.damagedZip(place, 'CRC mismatch');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
