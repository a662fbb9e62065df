// Our own bank accounts, set up once: which bank, the account number, its currency and the account's
// name. A statement is imported into the account its preamble (or --account) names.
import type { BankAccount } from '../../../shared/contract/receivables';
import { UserError } from '../errors';
import { appendAudit } from '../workspace/audit';
import { writeTransaction, type DB } from '../workspace/db';

interface AccountRow { id: number; account_no: string; bank: string; name: string; currency: string }

const fromRow = (r: AccountRow): BankAccount => ({ id: r.id, accountNo: r.account_no, bank: r.bank, name: r.name, currency: r.currency });

/** Account numbers are compared without the spaces and dashes banks print inside them. */
export function normaliseAccountNo(text: string): string {
  return text.replace(/[\s\-'"`]/g, '');
}

export function listAccounts(db: DB): BankAccount[] {
  return (db.prepare('SELECT id, account_no, bank, name, currency FROM bank_accounts ORDER BY bank, account_no').all() as AccountRow[]).map(fromRow);
}

export function findAccount(db: DB, accountNo: string): BankAccount | undefined {
  const r = db.prepare('SELECT id, account_no, bank, name, currency FROM bank_accounts WHERE account_no = ?').get(normaliseAccountNo(accountNo)) as AccountRow | undefined;
  return r && fromRow(r);
}

/** Adds an account, or changes its bank, name or currency; audited with before/after. */
export function saveAccount(db: DB, input: { accountNo: string; bank: string; name: string; currency: string }): BankAccount {
  const accountNo = normaliseAccountNo(input.accountNo);
  if (!/^[0-9A-Za-z]{4,40}$/.test(accountNo)) {
    throw new UserError('account.bad_number', `账号只能是 4–40 位数字或字母：${input.accountNo}`, `An account number is 4–40 digits or letters: ${input.accountNo}`, { accountNo: input.accountNo });
  }
  const currency = input.currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new UserError('account.bad_currency', `币种应为三位字母代码（如 CNY）：${input.currency}`, `Currency must be a 3-letter code such as CNY: ${input.currency}`);
  }
  if (input.bank.trim() === '' || input.name.trim() === '') {
    throw new UserError('account.missing_fields', '请填写开户银行和户名', 'Give the bank and the account name');
  }
  return writeTransaction(db, () => {
    const before = findAccount(db, accountNo) ?? null;
    if (before && before.currency !== currency && (db.prepare('SELECT 1 FROM bank_rows WHERE account_id = ? LIMIT 1').get(before.id) !== undefined)) {
      throw new UserError('account.currency_in_use', `账户 ${accountNo} 已有流水，不能改币种`, `Account ${accountNo} already has statement rows; its currency cannot change`, { accountNo });
    }
    db.prepare(`INSERT INTO bank_accounts (account_no, bank, name, currency, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (account_no) DO UPDATE SET bank = excluded.bank, name = excluded.name, currency = excluded.currency`)
      .run(accountNo, input.bank.trim(), input.name.trim(), currency, new Date().toISOString());
    const after = findAccount(db, accountNo)!;
    appendAudit(db, { action: before ? 'account.update' : 'account.add', subject: accountNo, before, after });
    return after;
  });
}
