// Bytes → string for delimited bills. Chinese channels ship GBK without a BOM, WeChat ships UTF-8
// with one, old bank and PayPal exports ship UTF-16; nothing in the file says which. The order is
// fixed: a BOM wins, then strict UTF-8 (GBK bytes almost never form valid UTF-8), then GB18030 (a
// superset of GBK and GB2312). A profile may force an encoding when the guess is wrong.

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

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** The strict UTF-8 reading, or null when the bytes are not UTF-8. */
function strictUtf8Text(b: Uint8Array): string | null {
  try {
    return strictUtf8.decode(b);
  } catch {
    return null;
  }
}

/**
 * UTF-8 is judged on the first 64 KB first: a GBK file fails there at once, so a 130 MB GBK bill
 * never pays for a full strict pass; a UTF-8 file is decoded once, strictly, and that is the text.
 */
function guessUtf8(b: Uint8Array): string | null {
  const probe = 64 * 1024;
  if (b.length > probe) {
    let end = probe;
    // Cut back to a character boundary (continuation bytes are 10xxxxxx).
    while (end > probe - 4 && (b[end]! & 0xc0) === 0x80) end--;
    if (strictUtf8Text(b.subarray(0, end)) === null) return null;
  }
  return strictUtf8Text(b);
}

/**
 * ICU's GB18030 decoder (built into Node and Electron) is about three times faster than iconv-lite
 * on a 130 MB bill; iconv-lite remains for runtimes built without full ICU.
 */
const icuGb18030 = ((): TextDecoder | null => {
  try {
    return new TextDecoder('gb18030', { ignoreBOM: true });
  } catch {
    return null;
  }
})();

function decodeAs(b: Uint8Array, encoding: TextEncoding): string {
  switch (encoding) {
    case 'utf-8': return lenientUtf8.decode(b);
    case 'gb18030': return icuGb18030 ? icuGb18030.decode(b) : iconv.decode(Buffer.from(b.buffer, b.byteOffset, b.byteLength), 'gb18030');
    case 'utf-16le': return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(b);
    case 'utf-16be': return new TextDecoder('utf-16be', { ignoreBOM: true }).decode(b);
  }
}

/** Larger text cannot become one JavaScript string; the ZIP entry cap is the same. */
const MAX_TEXT_BYTES = 512 * 1024 * 1024;

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/**
 * Decodes a text bill. Refuses binary junk (checked on the raw bytes, and again on the decoded
 * characters, which also covers UTF-16 whose bytes are half NULs) and text too long for one string.
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
    const utf8 = guessUtf8(bytes);
    if (utf8 !== null) return checked({ text: utf8, encoding: 'utf-8' }, place, true);
    encoding = 'gb18030';
  }
  // A BOM of the encoding in use is not content; a BOM of another encoding is left for the user to see.
  const body = bom && bom.encoding === encoding ? bytes.subarray(bom.length) : bytes;
  // Replacement characters only count against a guessed encoding: a profile that forces the wrong
  // one gets its header mismatch shown by the profile layer, which says more than "binary".
  return checked({ text: decodeAs(body, encoding), encoding }, place, forced === undefined);
}

function checked(decoded: DecodedText, place: Place, countReplacements: boolean): DecodedText {
  if (textLooksBinary(decoded.text, countReplacements)) throw refuse.binaryGarbage(place);
  return decoded;
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
