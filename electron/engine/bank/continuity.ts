// A bank statement's rows chain: each row's balance is the previous balance ± its amount, and a
// statement opens on the balance the account's previous statement closed on. A break means rows are
// missing (a page, a statement) or doubled; it is reported with the two rows around it.
import type { BankRowView, ContinuityBreak } from '../../../shared/contract/receivables';
import type { DB } from '../workspace/db';

export interface ChainRow {
  direction: 'in' | 'out';
  amountMinor: number;
  balanceMinor: number | null;
}

export function signedAmount(r: Pick<ChainRow, 'direction' | 'amountMinor'>): number {
  return r.direction === 'in' ? r.amountMinor : -r.amountMinor;
}

/** Indexes i (≥ 1) where rows[i] does not follow rows[i − 1]; rows without a balance are not checked. */
export function chainBreaks(rows: readonly ChainRow[]): { index: number; expectedMinor: number }[] {
  const breaks: { index: number; expectedMinor: number }[] = [];
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1]!.balanceMinor;
    const cur = rows[i]!;
    if (prev === null || cur.balanceMinor === null) continue;
    const expectedMinor = prev + signedAmount(cur);
    if (expectedMinor !== cur.balanceMinor) breaks.push({ index: i, expectedMinor });
  }
  return breaks;
}

export const BANK_ROW_COLUMNS = `r.id, r.statement_id, s.file_name, r.row_number, r.occurred_at, r.direction, r.amount_minor, r.balance_minor,
  r.counterparty_name, r.counterparty_account, r.remark, r.serial_no`;

export interface BankRowRecord {
  id: number; statement_id: number; file_name: string; row_number: number; occurred_at: number; direction: 'in' | 'out'; amount_minor: number;
  balance_minor: number | null; counterparty_name: string | null; counterparty_account: string | null; remark: string | null; serial_no: string | null;
}

export function bankRowView(r: BankRowRecord): BankRowView {
  return {
    id: r.id, statementId: r.statement_id, fileName: r.file_name, rowNumber: r.row_number, occurredAt: r.occurred_at, direction: r.direction,
    amountMinor: r.amount_minor, balanceMinor: r.balance_minor, counterpartyName: r.counterparty_name, counterpartyAccount: r.counterparty_account,
    remark: r.remark, serialNo: r.serial_no,
  };
}

/**
 * The breaks in an account's whole chain, in time order (rows of one statement in their order; a
 * statement imported earlier first when times are equal). `onlyStatement`: breaks touching its rows.
 */
export function accountBreaks(db: DB, accountId: number, onlyStatement?: number): ContinuityBreak[] {
  const accountNo = (db.prepare('SELECT account_no FROM bank_accounts WHERE id = ?').pluck().get(accountId) as string);
  const rows = (db.prepare(`SELECT ${BANK_ROW_COLUMNS} FROM bank_rows r JOIN bank_statements s ON s.id = r.statement_id
    WHERE r.account_id = ? ORDER BY r.occurred_at, r.statement_id, r.ordinal`).all(accountId) as BankRowRecord[]);
  const chain = rows.map((r) => ({ direction: r.direction, amountMinor: r.amount_minor, balanceMinor: r.balance_minor }));
  return chainBreaks(chain)
    .filter((b) => onlyStatement === undefined || rows[b.index]!.statement_id === onlyStatement || rows[b.index - 1]!.statement_id === onlyStatement)
    .map((b) => {
      const before = rows[b.index - 1]!;
      const after = rows[b.index]!;
      return { accountNo, before: bankRowView(before), after: bankRowView(after), expectedMinor: b.expectedMinor, actualMinor: after.balance_minor!, missingMinor: after.balance_minor! - b.expectedMinor };
    });
}

export function allBreaks(db: DB): ContinuityBreak[] {
  const ids = db.prepare('SELECT id FROM bank_accounts ORDER BY id').pluck().all() as number[];
  return ids.flatMap((id) => accountBreaks(db, id));
}
