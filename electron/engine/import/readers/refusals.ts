// Every way a file can be unreadable, as a UserError a finance clerk can act on. The key is stable
// (`import.<reason>`); the sentences name the file (and entry, sheet or row when known) and say what
// to do next. Keeping them together makes the wording consistent across containers.

import { UserError } from '../../errors';

/** Where in the file the problem is: the file itself, or an entry/sheet inside it. */
export interface Place {
  fileName: string;
  /** ZIP entry or sheet name, when the problem is inside one. */
  part?: string;
}

function where(p: Place): { zh: string; en: string } {
  return p.part === undefined
    ? { zh: `文件「${p.fileName}」`, en: `File "${p.fileName}"` }
    : { zh: `文件「${p.fileName}」中的「${p.part}」`, en: `"${p.part}" in file "${p.fileName}"` };
}

function details(p: Place, extra?: Record<string, unknown>): Record<string, unknown> {
  return { file: p.fileName, ...(p.part === undefined ? {} : { part: p.part }), ...extra };
}

const DOWNLOAD_AGAIN_ZH = '请重新下载或导出后再导入。';
const DOWNLOAD_AGAIN_EN = 'Download or export it again, then import the new file.';

export const refuse = {
  emptyFile: (p: Place) => {
    const w = where(p);
    return new UserError('import.empty_file', `${w.zh}是空的（0 字节）。${DOWNLOAD_AGAIN_ZH}`, `${w.en} is empty (0 bytes). ${DOWNLOAD_AGAIN_EN}`, details(p));
  },
  binaryGarbage: (p: Place) => {
    const w = where(p);
    return new UserError('import.binary_garbage',
      `${w.zh}不是文本账单，也不是 Excel 或 ZIP 文件（开头是无法识别的二进制内容）。请确认选对了文件，或从渠道后台重新导出 CSV/Excel。`,
      `${w.en} is not a text bill, an Excel workbook or a ZIP (it starts with unreadable binary data). Check you picked the right file, or export it again from the channel as CSV or Excel.`,
      details(p));
  },
  pdf: (p: Place) => {
    const w = where(p);
    return new UserError('import.pdf',
      `${w.zh}是 PDF，无法逐行读取金额。请在银行或渠道后台改为导出 Excel 或 CSV 格式的明细后再导入。`,
      `${w.en} is a PDF, which cannot be read row by row. Export the statement as Excel or CSV from the bank or channel portal and import that instead.`,
      details(p));
  },
  truncated: (p: Place, reason: string) => {
    const w = where(p);
    return new UserError('import.truncated',
      `${w.zh}不完整（${reason}），可能下载中断。${DOWNLOAD_AGAIN_ZH}`,
      `${w.en} is incomplete (${reason}); the download was probably cut off. ${DOWNLOAD_AGAIN_EN}`,
      details(p, { reason }));
  },
  damagedZip: (p: Place, reason: string) => {
    const w = where(p);
    return new UserError('import.damaged_zip',
      `${w.zh}是损坏的压缩包（${reason}）。${DOWNLOAD_AGAIN_ZH}`,
      `${w.en} is a damaged ZIP archive (${reason}). ${DOWNLOAD_AGAIN_EN}`,
      details(p, { reason }));
  },
  zipBomb: (p: Place, reason: string) => {
    const w = where(p);
    return new UserError('import.zip_bomb',
      `${w.zh}解压后过大或压缩比异常（${reason}），为保护本机已拒绝读取。真实账单不会这样，请从渠道后台重新下载。`,
      `${w.en} would expand to an unsafe size or has an abnormal compression ratio (${reason}), so it was not opened. Real bills do not look like this; download it again from the channel portal.`,
      details(p, { reason }));
  },
  tooLarge: (p: Place, reason: string) => {
    const w = where(p);
    return new UserError('import.too_large',
      `${w.zh}太大（${reason}）。请在渠道后台按更短的日期范围分批导出。`,
      `${w.en} is too large (${reason}). Export it from the channel in shorter date ranges and import the parts.`,
      details(p, { reason }));
  },
  passwordProtected: (p: Place) => {
    const w = where(p);
    return new UserError('import.password_protected',
      `${w.zh}设置了打开密码（或“建议只读”保护），无法读取。请在 Excel/WPS 中打开，删除密码后另存为 .xlsx，再导入。本软件不会询问或保存密码。`,
      `${w.en} is password-protected (or saved as "read-only recommended") and cannot be read. Open it in Excel or WPS, remove the password, save it as .xlsx and import that. ReconDesk never asks for or stores passwords.`,
      details(p));
  },
  wpsEt: (p: Place) => {
    const w = where(p);
    return new UserError('import.wps_et',
      `${w.zh}是 WPS 表格专有格式（.et），无法可靠读取。请用 WPS 打开，选择“另存为” Excel 工作簿（.xlsx）后再导入。`,
      `${w.en} is a WPS Spreadsheets file (.et), which cannot be read reliably. Open it in WPS, use Save As → Excel workbook (.xlsx), and import that.`,
      details(p));
  },
  unsupportedZip: (p: Place, reason: string) => {
    const w = where(p);
    return new UserError('import.unsupported_zip',
      `${w.zh}使用了不支持的压缩方式（${reason}）。请用系统自带的压缩工具解压后直接导入其中的账单文件。`,
      `${w.en} uses an unsupported ZIP feature (${reason}). Unzip it with your system's archive tool and import the bill files inside directly.`,
      details(p, { reason }));
  },
  noReadableEntry: (p: Place, names: string[]) => {
    const w = where(p);
    const list = names.length > 0 ? names.join('、') : '（无）';
    const listEn = names.length > 0 ? names.join(', ') : '(none)';
    return new UserError('import.no_readable_entry',
      `${w.zh}中没有可读取的账单（CSV/TXT/XLS/XLSX）。压缩包内的文件：${list}。`,
      `${w.en} holds no readable bill (CSV/TXT/XLS/XLSX). Files in the archive: ${listEn}.`,
      details(p, { entries: names }));
  },
  badEntryPattern: (p: Place, pattern: string) => {
    const w = where(p);
    return new UserError('import.bad_entry_pattern',
      `导入配置中的压缩包文件名规则「${pattern}」不是有效的正则表达式，无法读取${w.zh}。请修改导入配置。`,
      `The import profile's ZIP entry pattern "${pattern}" is not a valid regular expression, so ${w.en} could not be read. Fix the profile.`,
      details(p, { pattern }));
  },
  badOption: (p: Place, option: string, value: string) => {
    const w = where(p);
    return new UserError('import.bad_option',
      `导入配置中的「${option}」取值「${value}」无效，无法读取${w.zh}。请修改导入配置。`,
      `The import profile's "${option}" value "${value}" is not valid, so ${w.en} could not be read. Fix the profile.`,
      details(p, { option, value }));
  },
  unterminatedQuote: (p: Place, row: number) => {
    const w = where(p);
    return new UserError('import.unterminated_quote',
      `${w.zh}第 ${row} 行打开的引号直到文件末尾都没有关闭，之后的行无法分辨；文件可能不完整。${DOWNLOAD_AGAIN_ZH}`,
      `${w.en}: a quote opened on row ${row} never closes, so the rows after it cannot be told apart; the file may be truncated. ${DOWNLOAD_AGAIN_EN}`,
      details(p, { row }));
  },
  runawayQuote: (p: Place, row: number, closedOn: number) => {
    const w = where(p);
    return new UserError('import.runaway_quote',
      `${w.zh}第 ${row} 行打开的引号到第 ${closedOn} 行才关闭，中间的行会被并成一个单元格而丢失；文件可能被编辑过或已损坏。请从渠道后台重新导出原始文件。`,
      `${w.en}: a quote opened on row ${row} only closes on row ${closedOn}, so the rows in between would be swallowed into one cell; the file may have been edited or damaged. Export the original file from the channel again.`,
      details(p, { row, closedOn }));
  },
  unreadableWorkbook: (p: Place, reason: string) => {
    const w = where(p);
    return new UserError('import.unreadable_workbook',
      `${w.zh}是损坏或不完整的 Excel 文件，无法读取（${reason}）。${DOWNLOAD_AGAIN_ZH}`,
      `${w.en} is a damaged or incomplete Excel file and cannot be read (${reason}). ${DOWNLOAD_AGAIN_EN}`,
      details(p, { reason }));
  },
  webPage: (p: Place) => {
    const w = where(p);
    return new UserError('import.web_page_workbook',
      `${w.zh}其实是网页（HTML）或 XML 格式的表格，只是扩展名像 Excel，无法可靠读取（长数字可能已被改写）。请用 Excel/WPS 打开，另存为 .xlsx 或 CSV 后再导入。`,
      `${w.en} is really a web page (HTML) or XML spreadsheet with an Excel-like name, which cannot be read reliably (long numbers may be altered). Open it in Excel or WPS, save it as .xlsx or CSV, and import that.`,
      details(p));
  },
  webPageWithoutTable: (p: Place) => {
    const w = where(p);
    return new UserError('import.web_page_without_table',
      `${w.zh}是网页，但其中没有表格，可能是网银的登录超时或错误页面，而不是导出的明细。请在网银中重新导出后再导入。`,
      `${w.en} is a web page without any table: probably the portal's session-timeout or error page rather than the exported statement. Export it again from the portal, then import the new file.`,
      details(p));
  },
  xlsb: (p: Place) => {
    const w = where(p);
    return new UserError('import.xlsb',
      `${w.zh}是 Excel 二进制工作簿（.xlsb），无法读取。请在 Excel 中打开，另存为 .xlsx 后再导入。`,
      `${w.en} is an Excel binary workbook (.xlsb), which cannot be read. Open it in Excel, save it as .xlsx and import that.`,
      details(p));
  },
  sheetNotFound: (p: Place, sheet: string, available: string[]) => {
    const w = where(p);
    return new UserError('import.sheet_not_found',
      `${w.zh}中没有工作表「${sheet}」。现有工作表：${available.join('、')}。请检查导入配置中的工作表名称。`,
      `${w.en} has no sheet "${sheet}". Sheets in the file: ${available.join(', ')}. Check the sheet name in the import profile.`,
      details(p, { sheet, available }));
  },
};
