// Bytes → string for delimited bills. Chinese channels ship GBK without a BOM, WeChat ships UTF-8
// with one, old bank and PayPal exports ship UTF-16; nothing in the file says which. The order is
// fixed: a BOM wins, then strict UTF-8 (GBK bytes almost never form valid UTF-8), then GB18030 (a
// superset of GBK and GB2312). A profile may force an encoding when the guess is wrong.

import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { refuse, type Place } from './refusals';

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

const ALIASES: Record<string, TextEncoding> = {
  'utf-8': 'utf-8', utf8: 'utf-8',
  gb18030: 'gb18030', gbk: 'gb18030', gb2312: 'gb18030', cp936: 'gb18030', '936': 'gb18030',
  'utf-16le': 'utf-16le', utf16le: 'utf-16le', 'utf-16': 'utf-16le', ucs2: 'utf-16le',
  'utf-16be': 'utf-16be', utf16be: 'utf-16be',
};

/** The canonical name of a profile's encoding option, or null when it names no encoding we read. */
export function normaliseEncoding(name: string): TextEncoding | null {
  return ALIASES[name.trim().toLowerCase()] ?? null;
}

function bomOf(b: Uint8Array): { encoding: TextEncoding; length: number } | null {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** True when the first bytes cannot be text: any NUL, or more than 10% control characters. */
export function looksBinary(sample: Uint8Array): boolean {
  const n = Math.min(sample.length, 1024);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = sample[i]!;
    if (c === 0) return true;
    // TAB, LF, FF, CR and ESC-free text are normal; SUB (0x1a) ends some DOS exports.
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d && c !== 0x1a) control++;
  }
  return control * 10 > n;
}

/**
 * ICU's GB18030 decoder (built into Node and Electron) is about three times faster than iconv-lite
 * on a 130 MB bill; iconv-lite remains for runtimes built without full ICU.
 */
const hasIcuGb18030 = ((): boolean => {
  try {
    new TextDecoder('gb18030');
    return true;
  } catch {
    return false;
  }
})();

/** A streaming decoder: feed byte pieces, get text pieces; `end()` flushes a split last character. */
interface PieceDecoder {
  write(b: Uint8Array): string;
  end(): string;
}

function pieceDecoder(encoding: TextEncoding): PieceDecoder {
  if (encoding === 'gb18030' && !hasIcuGb18030) {
    const d = iconv.getDecoder('gb18030');
    return { write: (b) => d.write(Buffer.from(b.buffer, b.byteOffset, b.byteLength)), end: () => d.end() ?? '' };
  }
  const d = new TextDecoder(encoding, { ignoreBOM: true });
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
}

/** Bare text files above this are refused; ZIP entries are already capped at 512 MB. */
const MAX_TEXT_BYTES = 1024 * 1024 * 1024;
/**
 * Bytes decoded per piece: big enough for speed, small enough that the whole file is never one
 * string. 1 MB rather than 4: the pieces of a 130 MB bill in flight cost ~40 MB less peak memory at
 * the same speed (bench/import.ts).
 */
const PIECE_BYTES = 1024 * 1024;
/** Bytes decoded up front for the binary check and delimiter detection. */
const HEAD_BYTES = 256 * 1024;

export interface DecodedText {
  encoding: TextEncoding;
  /** The first ~256 KB as text, for delimiter detection. */
  head: string;
  /** The whole text, in order, as pieces; each call decodes afresh. */
  pieces(): Generator<string>;
  /** The bytes the text is decoded from (without a BOM of its encoding), for readers that count bytes. */
  body: Uint8Array;
}

/**
 * Chooses the encoding of a text bill and prepares to decode it piece by piece, so a 130 MB bill
 * never becomes one 260 MB string. Refuses binary junk (on the raw bytes, and again on the decoded
 * start, which also covers UTF-16 whose bytes are half NULs).
 */
export function decodeText(bytes: Uint8Array, place: Place, forced?: string): DecodedText {
  if (bytes.length > MAX_TEXT_BYTES) throw refuse.tooLarge(place, `${Math.round(bytes.length / 1048576)} MB > ${MAX_TEXT_BYTES / 1048576} MB`);
  const bom = bomOf(bytes);
  let encoding: TextEncoding;
  if (forced !== undefined) {
    const f = normaliseEncoding(forced);
    if (f === null) throw refuse.badOption(place, 'encoding', forced);
    encoding = f;
  } else if (bom) {
    encoding = bom.encoding;
  } else if (looksBinary(bytes)) {
    throw refuse.binaryGarbage(place);
  } else {
    // GBK bytes almost never form valid UTF-8, so validity decides (natively, without a string).
    encoding = isUtf8(bytes) ? 'utf-8' : 'gb18030';
  }
  // A BOM of the encoding in use is not content; a BOM of another encoding is left for the user to see.
  const body = bom && bom.encoding === encoding ? bytes.subarray(bom.length) : bytes;
  const headDecoder = pieceDecoder(encoding);
  const head = headDecoder.write(body.subarray(0, HEAD_BYTES));
  // Replacement characters only count against a guessed encoding: a profile that forces the wrong
  // one gets its header mismatch shown by the profile layer, which says more than "binary".
  if (textLooksBinary(head, forced === undefined)) throw refuse.binaryGarbage(place);
  return {
    encoding,
    head,
    body,
    *pieces() {
      const decoder = pieceDecoder(encoding);
      for (let at = 0; at < body.length; at += PIECE_BYTES) yield decoder.write(body.subarray(at, at + PIECE_BYTES));
      const last = decoder.end();
      if (last !== '') yield last;
    },
  };
}

/** The same test on decoded characters: NULs, control characters, or many replacement characters. */
function textLooksBinary(text: string, countReplacements: boolean): boolean {
  const n = Math.min(text.length, 1024);
  let control = 0;
  let replaced = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d && c !== 0x1a) control++;
    else if (c === 0xfffd) replaced++;
  }
  return control * 10 > n || (countReplacements && replaced * 20 > n);
}
