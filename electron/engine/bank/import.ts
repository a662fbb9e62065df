// Storing one bank statement, inside the import pipeline's write transaction (pipeline.ts
// importBankFile): the statement row, every bank row once (overlapping statements of an account share
// rows through the natural key), the continuity check, one `import.file` audit entry.
import type { Bilingual } from '../../../shared/contract/import';
import type { BankAccount, BankImportSummary } from '../../../shared/contract/receivables';
import type { Profile } from '../../../shared/profile';
import { formatMoney } from '../../../shared/money';
import { formatInstant } from '../../../shared/time';
import { UserError } from '../errors';
import { findHeader, headerCells, walkData, type RowCursor, type SkipReason } from '../import/layout';
import type { SourceRow, SourceTable } from '../import/source';
import { appendAudit, currentOperator } from '../workspace/audit';
import { getSetting, type DB } from '../workspace/db';
import { findAccount, normaliseAccountNo } from './accounts';
import { accountBreaks, chainBreaks, signedAmount } from './continuity';
import { compileBankMapping, readPreamble, type BankRow, type StatementPreamble } from './statement';

export interface BankSource {
  sha: string;
  sizeBytes: number;
  fileName: string;
  container: string;
  profile: Profile;
  table: SourceTable;
  cursor: RowCursor;
  scanRows: number;
}

function resolveAccount(db: DB, fileName: string, preamble: StatementPreamble, accountNo: string | undefined): BankAccount {
  const named = accountNo ? normaliseAccountNo(accountNo) : null;
  const inFile = preamble.accountNo ? normaliseAccountNo(preamble.accountNo) : null;
  if (named && inFile && named !== inFile) {
    throw new UserError('bank.account_mismatch', `文件 ${fileName} 是账号 ${inFile} 的流水，不是 ${named}。未导入任何数据。`,
      `File ${fileName} is a statement of account ${inFile}, not ${named}. Nothing was imported.`, { file: fileName, inFile, named });
  }
  const no = named ?? inFile;
  if (!no) {
    throw new UserError('bank.no_account', `文件 ${fileName} 里没有账号，请用 --account 指定是哪个账户的流水`, `File ${fileName} does not name its account; name it with --account`, { file: fileName });
  }
  const account = findAccount(db, no);
  if (!account) {
    throw new UserError('bank.account_unknown', `账户 ${no} 还没有登记。请先添加：account add ${no} --bank 银行 --name 户名 --currency CNY。未导入任何数据。`,
      `Account ${no} is not set up yet. Add it first: account add ${no} --bank BANK --name NAME --currency CNY. Nothing was imported.`, { file: fileName, accountNo: no });
  }
  if (preamble.currency && preamble.currency !== account.currency) {
    throw new UserError('bank.currency_mismatch', `文件 ${fileName} 的币种是 ${preamble.currency}，账户 ${no} 登记的是 ${account.currency}。未导入任何数据。`,
      `File ${fileName} is in ${preamble.currency}, account ${no} is set up in ${account.currency}. Nothing was imported.`, { file: fileName, accountNo: no });
  }
  return account;
}

interface ReadRow { row: BankRow; rowNumber: number }

/** The statement's rows earliest first; a statement listed newest first is turned around. */
function inTimeOrder(rows: ReadRow[]): ReadRow[] {
  if (rows.length > 1 && rows[0]!.row.occurredAt > rows[rows.length - 1]!.row.occurredAt) rows.reverse();
  return rows;
}

/** A break inside one file is a missing page or an edited row: the file is refused with the rows around it. */
function refuseInnerBreak(fileName: string, rows: ReadRow[], currency: string): void {
  const breaks = chainBreaks(rows.map((r) => r.row));
  if (breaks.length === 0) return;
  const b = breaks[0]!;
  const before = rows[b.index - 1]!;
  const after = rows[b.index]!;
  const m = (v: number) => formatMoney(v, currency);
  throw new UserError(
    'bank.balance_break',
    `文件 ${fileName} 的余额不连续：第 ${before.rowNumber} 行余额 ${m(before.row.balanceMinor!)}，第 ${after.rowNumber} 行${after.row.direction === 'in' ? '收' : '付'} ${m(after.row.amountMinor)} 后应为 ${m(b.expectedMinor)}，文件写的是 ${m(after.row.balanceMinor!)}（相差 ${m(after.row.balanceMinor! - b.expectedMinor)}）。两行之间可能缺页或有行被改动，共 ${breaks.length} 处。未导入任何数据。`,
    `The balances in ${fileName} do not chain: row ${before.rowNumber} leaves ${m(before.row.balanceMinor!)}, after row ${after.rowNumber} (${after.row.direction === 'in' ? 'in' : 'out'} ${m(after.row.amountMinor)}) it should be ${m(b.expectedMinor)} but the file says ${m(after.row.balanceMinor!)} (${m(after.row.balanceMinor! - b.expectedMinor)} apart). Rows are missing between them or were edited; ${breaks.length} break(s). Nothing was imported.`,
    { file: fileName, rowBefore: before.rowNumber, rowAfter: after.rowNumber, expectedMinor: b.expectedMinor, actualMinor: after.row.balanceMinor, breaks: breaks.length },
  );
}

export function storeBankStatement(db: DB, src: BankSource, accountNo: string | undefined): BankImportSummary {
  const { profile, table, cursor, fileName } = src;
  const skippedByReason: Record<string, number> = {};
  let rowsInFile = 0;
  const skip = (reason: SkipReason) => {
    rowsInFile++;
    skippedByReason[reason] = (skippedByReason[reason] ?? 0) + 1;
  };
  const headerAt = findHeader(cursor.peek(src.scanRows), profile);
  const preambleRows: SourceRow[] = [];
  for (let i = 0; i < headerAt; i++) {
    preambleRows.push(cursor.next()!);
    skip('preamble');
  }
  const header = headerCells(cursor.next()!);
  skip('header');
  const preamble = readPreamble(preambleRows, profile.bankFields!.preamble);
  const account = resolveAccount(db, fileName, preamble, accountNo);
  const read = compileBankMapping(profile, header, {
    fileName, currency: account.currency, date1904: table.date1904 === true, timeZone: getSetting(db, 'time_zone') ?? 'Asia/Shanghai',
  });
  const rows: ReadRow[] = [];
  walkData(cursor, profile, {
    skip,
    footerLine() {},
    summaryRow() {},
    data(r) {
      rowsInFile++;
      rows.push({ row: read(r.cells, r.rowNumber), rowNumber: r.rowNumber });
      return true;
    },
  });
  inTimeOrder(rows);
  refuseInnerBreak(fileName, rows, account.currency);

  const importedAt = new Date().toISOString();
  const importedBy = currentOperator(db);
  const first = rows[0]?.row;
  const last = rows[rows.length - 1]?.row;
  const openingMinor = first && first.balanceMinor !== null ? first.balanceMinor - signedAmount(first) : null;
  const closingMinor = last?.balanceMinor ?? null;
  const statementId = Number(db.prepare(
    `INSERT INTO bank_statements (account_id, sha256, file_name, profile_id, container, encoding, size_bytes, period_from, period_to, rows_in_file, accepted, already_present,
       opening_minor, closing_minor, summary, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, '{}', ?, ?)`,
  ).run(account.id, src.sha, fileName, profile.id, src.container, table.encoding, src.sizeBytes, preamble.from, preamble.to, openingMinor, closingMinor, importedAt, importedBy).lastInsertRowid);

  const insert = db.prepare(`INSERT INTO bank_rows (account_id, statement_id, row_number, ordinal, occurred_at, direction, amount_minor, balance_minor,
      counterparty_name, counterparty_account, counterparty_bank, remark, serial_no, natural_key, key_occurrence)
    VALUES (${account.id}, ${statementId}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, natural_key, key_occurrence) DO NOTHING`);
  // The k-th row with a key inside this file is occurrence k: identical rows of one file are all kept,
  // a row an earlier statement of the account already holds is not stored again.
  const occurrences = new Map<string, number>();
  let accepted = 0;
  const incoming = { count: 0, minor: 0 };
  const outgoing = { count: 0, minor: 0 };
  rows.forEach(({ row: r, rowNumber }, ordinal) => {
    const k = (occurrences.get(r.naturalKey) ?? 0) + 1;
    occurrences.set(r.naturalKey, k);
    const info = insert.run(rowNumber, ordinal, r.occurredAt, r.direction, r.amountMinor, r.balanceMinor, r.counterpartyName, r.counterpartyAccount,
      r.counterpartyBank, r.remark, r.serialNo, r.naturalKey, k);
    if (info.changes === 0) return;
    accepted++;
    const side = r.direction === 'in' ? incoming : outgoing;
    side.count++;
    side.minor += r.amountMinor;
  });
  const alreadyPresent = rows.length - accepted;
  const continuity = accountBreaks(db, account.id, statementId);

  const zone = getSetting(db, 'time_zone') ?? 'Asia/Shanghai';
  const m = (v: number) => formatMoney(v, account.currency);
  const warnings: Bilingual[] = [];
  if (alreadyPresent > 0) {
    warnings.push({ zh: `${alreadyPresent} 行此前已从同一账户的其他流水导入（时间段重叠），未重复保存`, en: `${alreadyPresent} rows were already imported from another statement of this account (overlapping statements) and were not stored again` });
  }
  if (profile.bankFields!.balance === undefined) {
    warnings.push({ zh: '模板没有余额列，无法检查流水是否连续', en: 'The profile maps no balance column: continuity cannot be checked' });
  }
  for (const b of continuity) {
    warnings.push({
      zh: `余额不连续：${formatInstant(b.before.occurredAt, zone)} ${b.before.fileName} 第 ${b.before.rowNumber} 行余额 ${m(b.before.balanceMinor!)} → ${formatInstant(b.after.occurredAt, zone)} ${b.after.fileName} 第 ${b.after.rowNumber} 行应为 ${m(b.expectedMinor)}，实为 ${m(b.actualMinor)}（缺少 ${m(b.missingMinor)} 的流水，可能缺一页或一期对账单）`,
      en: `Balance break: ${formatInstant(b.before.occurredAt, zone)} ${b.before.fileName} row ${b.before.rowNumber} leaves ${m(b.before.balanceMinor!)} → ${formatInstant(b.after.occurredAt, zone)} ${b.after.fileName} row ${b.after.rowNumber} should be ${m(b.expectedMinor)}, is ${m(b.actualMinor)} (${m(b.missingMinor)} of rows missing: a page or a statement)`,
    });
  }
  const skipped = Object.values(skippedByReason).reduce((a, b) => a + b, 0);
  const summary: BankImportSummary = {
    statementId, fileName, sha256: src.sha, profileId: profile.id, profileName: profile.name, account, container: src.container, encoding: table.encoding,
    table: table.name, rowsInFile, dataRows: rows.length, accepted, alreadyPresent, skipped, skippedByReason, incoming, outgoing, openingMinor, closingMinor,
    periodFrom: preamble.from, periodTo: preamble.to, continuity, warnings, importedAt, importedBy,
  };
  db.prepare('UPDATE bank_statements SET rows_in_file = ?, accepted = ?, already_present = ?, summary = ? WHERE id = ?')
    .run(rowsInFile, accepted, alreadyPresent, JSON.stringify(summary), statementId);
  appendAudit(db, {
    action: 'import.file',
    subject: `${fileName} (${src.sha.slice(0, 12)})`,
    before: null,
    after: { side: 'bank', statementId, profile: profile.id, accountNo: account.accountNo, rowsInFile, accepted, alreadyPresent, incoming, outgoing, openingMinor, closingMinor, breaks: continuity.length },
  });
  return summary;
}
