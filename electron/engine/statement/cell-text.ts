// Text that leaves the tool in a spreadsheet or CSV. Channel files are not trusted: an order id or a
// note may start with "=" and become a formula in the clerk's Excel (OWASP CSV injection). Every text
// cell we write passes through `guardFormula`; every XML text through `xmlText`.

/** Characters that make Excel (or LibreOffice) start a formula or a DDE call at the start of a cell. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Full-width and typographic look-alikes that some tools fold to the ASCII triggers. */
const LOOKALIKES: Readonly<Record<string, string>> = { '\uFF1D': '=', '\uFF0B': '+', '\uFF0D': '-', '\uFF20': '@', '\u2212': '-', '\uFE63': '-', '\uFE62': '+' };

export function startsLikeFormula(text: string): boolean {
  if (text === '') return false;
  const first = text[0] ?? '';
  return FORMULA_START.test(LOOKALIKES[first] ?? first);
}

/** OWASP: a leading single quote makes the cell plain text in every spreadsheet program. */
export function guardFormula(text: string): string {
  return startsLikeFormula(text) ? "'" + text : text;
}

// XML 1.0 allows TAB, LF, CR and everything from U+0020 except U+FFFE/U+FFFF and unpaired surrogates.
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_SPECIAL = /[&<>"\r]/g;
const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

/** Escapes for element content and attribute values; drops characters XML cannot carry at all. */
export function xmlText(text: string): string {
  return text.replace(XML_ILLEGAL, '').replace(XML_SPECIAL, (c) => XML_ENTITIES[c] ?? c);
}

/** Excel refuses to open a cell longer than this; longer notes are cut with a visible mark. */
export const MAX_CELL_CHARS = 32_767;

export function fitCell(text: string): string {
  return text.length <= MAX_CELL_CHARS ? text : text.slice(0, MAX_CELL_CHARS - 1) + '…';
}
