// OLE compound files (D0 CF 11 E0): legacy .xls, but also password-protected .xlsx (an OLE holding
// `EncryptedPackage`) and WPS's own .et. We only need the stream names to tell these apart before
// any parser sees the bytes, so this reads the header, the FAT and the directory, nothing else.

import { refuse, type Place } from './refusals';

export const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;

/** Names of every stream and storage in the compound file. */
export function oleStreamNames(bytes: Uint8Array, place: Place): string[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 512) throw refuse.truncated(place, 'OLE 头不完整 / OLE header incomplete');
  const shift = v.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) throw refuse.unreadableWorkbook(place, `OLE sector shift ${shift}`);
  const sectorSize = 1 << shift;
  const sectorCount = Math.floor((bytes.length - sectorSize) / sectorSize);
  const sectorAt = (s: number): number => {
    if (s >= sectorCount) throw refuse.truncated(place, 'OLE 扇区越界 / OLE sector beyond end of file');
    return (s + 1) * sectorSize;
  };
  const perSector = sectorSize / 4;

  // FAT sector numbers: 109 in the header, the rest in a DIFAT chain.
  const fatSectors: number[] = [];
  for (let k = 0; k < 109; k++) {
    const s = v.getUint32(0x4c + k * 4, true);
    if (s !== FREE) fatSectors.push(s);
  }
  let difat = v.getUint32(0x44, true);
  for (let guard = 0; difat !== END_OF_CHAIN && difat !== FREE; guard++) {
    if (guard > sectorCount) throw refuse.unreadableWorkbook(place, 'DIFAT loop');
    const base = sectorAt(difat);
    for (let k = 0; k < perSector - 1; k++) {
      const s = v.getUint32(base + k * 4, true);
      if (s !== FREE) fatSectors.push(s);
    }
    difat = v.getUint32(base + (perSector - 1) * 4, true);
  }
  const next = (s: number): number => {
    const fatIndex = Math.floor(s / perSector);
    const fs = fatSectors[fatIndex];
    if (fs === undefined) throw refuse.truncated(place, 'OLE FAT 不完整 / OLE FAT incomplete');
    return v.getUint32(sectorAt(fs) + (s % perSector) * 4, true);
  };

  const names: string[] = [];
  /** Streams stored in regular sectors (the root's mini stream and every stream ≥ the cutoff). */
  const chains: { start: number; size: number }[] = [];
  const miniCutoff = v.getUint32(0x38, true);
  let dir = v.getUint32(0x30, true);
  for (let guard = 0; dir !== END_OF_CHAIN && dir !== FREE; guard++) {
    if (guard > sectorCount) throw refuse.unreadableWorkbook(place, 'directory loop');
    const base = sectorAt(dir);
    for (let off = 0; off < sectorSize; off += 128) {
      const type = bytes[base + off + 0x42];
      if (type !== 1 && type !== 2 && type !== 5) continue;
      const start = v.getUint32(base + off + 0x74, true);
      const size = v.getUint32(base + off + 0x78, true);
      if (type === 5 || (type === 2 && size >= miniCutoff)) chains.push({ start, size });
      if (type === 5) continue;
      // Name length in bytes includes the UTF-16 terminator.
      const len = Math.min(64, v.getUint16(base + off + 0x40, true));
      const chars: number[] = [];
      for (let c = 0; c < len - 2; c += 2) chars.push(v.getUint16(base + off + c, true));
      names.push(String.fromCharCode(...chars));
    }
    dir = next(dir);
  }
  // A download cut short loses its last sectors: every sector of every stream must be in the file.
  for (const chain of chains) {
    let s = chain.start;
    for (let have = 0; have < chain.size; have += sectorSize) {
      if (s === END_OF_CHAIN || s === FREE) throw refuse.truncated(place, 'OLE 数据流不完整 / OLE stream incomplete');
      sectorAt(s);
      s = next(s);
    }
  }
  return names;
}

export type OleKind = 'xls' | 'encrypted' | 'wps';

/** What an OLE file is, judged by its streams (and the `.et` extension WPS uses). */
export function classifyOle(bytes: Uint8Array, place: Place, name: string): OleKind {
  const streams = oleStreamNames(bytes, place);
  if (streams.includes('EncryptedPackage') || streams.includes('EncryptionInfo')) return 'encrypted';
  if (/\.et$/i.test(name)) return 'wps';
  if (streams.includes('Workbook') || streams.includes('Book')) return 'xls';
  return 'wps';
}
