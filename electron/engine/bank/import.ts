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
import { cancelled } from '../import/parse';
import type { SourceRow, SourceTable } from '../import/source';
import { appendAudit, currentOperator } from '../workspace/audit';
import { getSetting, type DB } from '../workspace/db';
import { findAccount, normaliseAccountNo } from './accounts';
import { accountBreaks, signedAmount } from './continuity';
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
  /** A cancel is seen within 4,096 rows; the transaction then rolls back. */
  signal?: AbortSignal;
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

/** A break inside one file is a missing page or an edited row: the file is refused with the rows around it. */
function innerBreak(fileName: string, before: ReadRow, after: ReadRow, expectedMinor: number, currency: string): UserError {
  const m = (v: number) => formatMoney(v, currency);
  return new UserError(
    'bank.balance_break',
    `文件 ${fileName} 的余额不连续：第 ${before.rowNumber} 行余额 ${m(before.row.balanceMinor!)}，第 ${after.rowNumber} 行${after.row.direction === 'in' ? '收' : '付'} ${m(after.row.amountMinor)} 后应为 ${m(expectedMinor)}，文件写的是 ${m(after.row.balanceMinor!)}（相差 ${m(after.row.balanceMinor! - expectedMinor)}）。两行之间可能缺页或有行被改动。未导入任何数据。`,
    `The balances in ${fileName} do not chain: row ${before.rowNumber} leaves ${m(before.row.balanceMinor!)}, after row ${after.rowNumber} (${after.row.direction === 'in' ? 'in' : 'out'} ${m(after.row.amountMinor)}) it should be ${m(expectedMinor)} but the file says ${m(after.row.balanceMinor!)} (${m(after.row.balanceMinor! - expectedMinor)} apart). Rows are missing between them or were edited. Nothing was imported.`,
    { file: fileName, rowBefore: before.rowNumber, rowAfter: after.rowNumber, expectedMinor, actualMinor: after.row.balanceMinor },
  );
}

/**
 * Rows go straight into the table as they are read (a statement is never held in memory whole). The
 * rows' order is settled by the first row whose time differs from the first one: statements listed
 * newest first get descending ordinals, so the account's chain still reads earliest first.
 */
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

  const importedAt = new Date().toISOString();
  const importedBy = currentOperator(db);
  const statementId = Number(db.prepare(
    `INSERT INTO bank_statements (account_id, sha256, file_name, profile_id, container, encoding, size_bytes, period_from, period_to, rows_in_file, accepted, already_present,
       summary, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, '{}', ?, ?)`,
  ).run(account.id, src.sha, fileName, profile.id, src.container, table.encoding, src.sizeBytes, preamble.from, preamble.to, importedAt, importedBy).lastInsertRowid);

  const insert = db.prepare(`INSERT INTO bank_rows (account_id, statement_id, row_number, ordinal, occurred_at, direction, amount_minor, balance_minor,
      counterparty_name, counterparty_account, counterparty_bank, remark, serial_no, natural_key, key_occurrence)
    VALUES (${account.id}, ${statementId}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, natural_key, key_occurrence) DO NOTHING`);
  const firstHolder = db.prepare('SELECT statement_id FROM bank_rows WHERE account_id = ? AND natural_key = ? AND key_occurrence = 1').pluck();
  // The k-th row with a key inside this file is occurrence k: identical rows of one file are all kept,
  // a row an earlier statement of the account holds is not stored again. Keys are remembered only
  // once the unique index reports one seen before.
  const repeated = new Map<string, number>();
  let accepted = 0;
  let dataRows = 0;
  const incoming = { count: 0, minor: 0 };
  const outgoing = { count: 0, minor: 0 };
  /** Ids of the first and last rows stored, in file order. */
  let firstStored: number | null = null;
  let lastStored: number | null = null;
  let fileFirst: ReadRow | null = null;
  let previous: ReadRow | null = null;
  let descending: boolean | null = null;
  const pending: ReadRow[] = [];

  const store = (r: ReadRow, index: number) => {
    if (previous && previous.row.balanceMinor !== null && r.row.balanceMinor !== null) {
      // Earliest first: this row moves the previous balance; newest first: the previous row moved this one's.
      const [before, after] = descending ? [r, previous] : [previous, r];
      const expected = before.row.balanceMinor! + signedAmount(after.row);
      if (expected !== after.row.balanceMinor) throw innerBreak(fileName, before, after, expected, account.currency);
    }
    previous = r;
    fileFirst ??= r;
    const row = r.row;
    let occurrence = (repeated.get(row.naturalKey) ?? 0) + 1;
    const put = () => insert.run(r.rowNumber, descending ? -index : index, row.occurredAt, row.direction, row.amountMinor, row.balanceMinor, row.counterpartyName,
      row.counterpartyAccount, row.counterpartyBank, row.remark, row.serialNo, row.naturalKey, occurrence);
    let info = put();
    if (info.changes === 0 && occurrence === 1 && firstHolder.get(account.id, row.naturalKey) === statementId) {
      occurrence = 2;
      info = put();
    }
    if (occurrence > 1 || info.changes === 0) repeated.set(row.naturalKey, occurrence);
    if (info.changes === 0) return;
    accepted++;
    lastStored = Number(info.lastInsertRowid);
    firstStored ??= lastStored;
    const side = row.direction === 'in' ? incoming : outgoing;
    side.count++;
    side.minor += row.amountMinor;
  };
  const flush = () => {
    descending ??= false;
    const base = dataRows - pending.length;
    pending.forEach((p, i) => store(p, base + i));
    pending.length = 0;
  };

  walkData(cursor, profile, {
    skip,
    footerLine() {},
    summaryRow() {},
    data(raw) {
      rowsInFile++;
      if ((rowsInFile & 4095) === 0 && src.signal?.aborted) throw cancelled(fileName);
      const r: ReadRow = { row: read(raw.cells, raw.rowNumber), rowNumber: raw.rowNumber };
      dataRows++;
      if (descending === null) {
        pending.push(r);
        if (r.row.occurredAt !== pending[0]!.row.occurredAt) {
          descending = r.row.occurredAt < pending[0]!.row.occurredAt;
          flush();
        }
      } else store(r, dataRows - 1);
      return true;
    },
  });
  flush();

  // Opening and closing balances of the statement, earliest and latest row whichever way it is listed.
  const [earliest, latest] = descending ? [previous, fileFirst] : [fileFirst, previous];
  const e = earliest as ReadRow | null;
  const l = latest as ReadRow | null;
  const openingMinor = e && e.row.balanceMinor !== null ? e.row.balanceMinor - signedAmount(e.row) : null;
  const closingMinor = l?.row.balanceMinor ?? null;
  const [firstRowId, lastRowId] = descending ? [lastStored, firstStored] : [firstStored, lastStored];
  const alreadyPresent = dataRows - accepted;
  db.prepare('UPDATE bank_statements SET opening_minor = ?, closing_minor = ?, first_row_id = ?, last_row_id = ? WHERE id = ?')
    .run(openingMinor, closingMinor, firstRowId, lastRowId, statementId);
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
    table: table.name, rowsInFile, dataRows, accepted, alreadyPresent, skipped, skippedByReason, incoming, outgoing, openingMinor, closingMinor,
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
