// A bank statement's rows chain: each row's balance is the previous balance ± its amount, and a
// statement opens on the balance the account's previous statement closed on. A break means rows are
// missing (a page, a statement) or doubled; it is reported with the two rows around it.
import type { BankRowView, ContinuityBreak } from '../../../shared/contract/receivables';
import type { DB } from '../workspace/db';

export function signedAmount(r: { direction: 'in' | 'out'; amountMinor: number }): number {
  return r.direction === 'in' ? r.amountMinor : -r.amountMinor;
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

/** Bank rows as views, by id, in one query. */
export function bankRowViews(db: DB, ids: readonly number[]): Map<number, BankRowView & { accountNo: string; currency: string }> {
  const rows = db.prepare(`SELECT ${BANK_ROW_COLUMNS}, a.account_no, a.currency FROM bank_rows r JOIN bank_statements s ON s.id = r.statement_id
    JOIN bank_accounts a ON a.id = r.account_id WHERE r.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as (BankRowRecord & { account_no: string; currency: string })[];
  return new Map(rows.map((r) => [r.id, { ...bankRowView(r), accountNo: r.account_no, currency: r.currency }]));
}

/**
 * The breaks in an account's whole chain, in time order (rows of one statement in their order; a
 * statement imported earlier first when times are equal). `onlyStatement`: breaks touching its rows.
 *
 * Inside one statement the rows were checked at import (a break there refuses the file), so the chain
 * can only break where one statement's rows meet another's. When the statements' own rows follow each
 * other in time, only those joins are compared; when they interleave, every row is (inside SQLite).
 */
export function accountBreaks(db: DB, accountId: number, onlyStatement?: number): ContinuityBreak[] {
  const accountNo = (db.prepare('SELECT account_no FROM bank_accounts WHERE id = ?').pluck().get(accountId) as string);
  const blocks = db.prepare(`SELECT s.id, f.id, f.occurred_at, f.direction, f.amount_minor, f.balance_minor, l.id, l.occurred_at, l.balance_minor
    FROM bank_statements s JOIN bank_rows f ON f.id = s.first_row_id JOIN bank_rows l ON l.id = s.last_row_id
    WHERE s.account_id = ? ORDER BY f.occurred_at, s.id`).raw().all(accountId) as [number, number, number, 'in' | 'out', number, number | null, number, number, number | null][];
  const interleaved = blocks.some((b, i) => i > 0 && b[2] < blocks[i - 1]![7]);
  let pairs: [number, number, number][];
  if (interleaved) {
    pairs = db.prepare(`SELECT id, prev_id, expected FROM (
        SELECT id, statement_id, balance_minor, LAG(id) OVER w AS prev_id, LAG(statement_id) OVER w AS prev_statement,
          LAG(balance_minor) OVER w + CASE direction WHEN 'in' THEN amount_minor ELSE -amount_minor END AS expected
        FROM bank_rows WHERE account_id = ? WINDOW w AS (ORDER BY occurred_at, statement_id, ordinal))
      WHERE expected IS NOT NULL AND balance_minor IS NOT NULL AND expected != balance_minor
        AND (? IS NULL OR statement_id = ? OR prev_statement = ?)`).raw().all(accountId, onlyStatement ?? null, onlyStatement ?? null, onlyStatement ?? null) as [number, number, number][];
  } else {
    pairs = [];
    for (let i = 1; i < blocks.length; i++) {
      const [prevStatement, , , , , , lastId, , closing] = blocks[i - 1]!;
      const [statement, firstId, , direction, amount, balance] = blocks[i]!;
      if (onlyStatement !== undefined && onlyStatement !== statement && onlyStatement !== prevStatement) continue;
      if (closing === null || balance === null) continue;
      const expected = closing + signedAmount({ direction, amountMinor: amount });
      if (expected !== balance) pairs.push([firstId, lastId, expected]);
    }
  }
  const views = bankRowViews(db, pairs.flatMap(([id, prev]) => [prev, id]));
  return pairs.map(([id, prev, expectedMinor]) => {
    const before = strip(views.get(prev)!);
    const after = strip(views.get(id)!);
    return { accountNo, before, after, expectedMinor, actualMinor: after.balanceMinor!, missingMinor: after.balanceMinor! - expectedMinor };
  });
}

function strip(v: BankRowView & { accountNo: string; currency: string }): BankRowView {
  const { accountNo: _a, currency: _c, ...view } = v;
  return view;
}

export function allBreaks(db: DB): ContinuityBreak[] {
  const ids = db.prepare('SELECT id FROM bank_accounts ORDER BY id').pluck().all() as number[];
  return ids.flatMap((id) => accountBreaks(db, id));
}
