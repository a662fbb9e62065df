// Our company and each channel's counterparty, as statements name them, and statement numbers
// (docs/month-end.md "Parties and statement numbers").
import type { CompanyInfo, Counterparty, Parties } from '../../shared/parties';
import { getChannel, listChannels } from './channels';
import { UserError } from './errors';
import { appendAudit, currentOperator } from './workspace/audit';
import { getSetting, setSetting, writeTransaction, type DB } from './workspace/db';

const COMPANY_KEYS: Record<keyof CompanyInfo, string> = { name: 'company_name', taxId: 'company_tax_id', bankAccount: 'company_bank_account' };

export function getCompany(db: DB): CompanyInfo {
  return {
    name: getSetting(db, COMPANY_KEYS.name)?.trim() ?? '',
    taxId: getSetting(db, COMPANY_KEYS.taxId)?.trim() ?? '',
    bankAccount: getSetting(db, COMPANY_KEYS.bankAccount)?.trim() ?? '',
  };
}

export function setCompany(db: DB, patch: Partial<CompanyInfo>): CompanyInfo {
  return writeTransaction(db, () => {
    const before = getCompany(db);
    for (const key of Object.keys(COMPANY_KEYS) as (keyof CompanyInfo)[]) {
      const value = patch[key];
      if (value !== undefined) setSetting(db, COMPANY_KEYS[key], value.trim());
    }
    const after = getCompany(db);
    appendAudit(db, { action: 'company.set', subject: after.name, before, after });
    return after;
  });
}

export function getCounterparty(db: DB, channelId: string): Counterparty {
  getChannel(db, channelId);
  const r = db.prepare('SELECT name, contact, statement_prefix FROM counterparties WHERE channel_id = ?').get(channelId) as
    { name: string; contact: string; statement_prefix: string } | undefined;
  return { channelId, name: r?.name ?? '', contact: r?.contact ?? '', statementPrefix: r?.statement_prefix ?? '' };
}

export function setCounterparty(db: DB, channelId: string, patch: Partial<Omit<Counterparty, 'channelId'>>): Counterparty {
  const prefix = patch.statementPrefix?.trim().toUpperCase();
  if (prefix !== undefined && !/^[A-Z0-9]{0,12}$/.test(prefix)) {
    throw new UserError('counterparty.bad_prefix', `对账单编号前缀只能是 1–12 位字母或数字：${patch.statementPrefix ?? ''}`, `A statement number prefix is 1–12 letters or digits: ${patch.statementPrefix ?? ''}`);
  }
  return writeTransaction(db, () => {
    const before = getCounterparty(db, channelId);
    const after = {
      channelId,
      name: patch.name?.trim() ?? before.name,
      contact: patch.contact?.trim() ?? before.contact,
      statementPrefix: prefix ?? before.statementPrefix,
    };
    db.prepare(`INSERT INTO counterparties (channel_id, name, contact, statement_prefix) VALUES (?, ?, ?, ?)
      ON CONFLICT(channel_id) DO UPDATE SET name = excluded.name, contact = excluded.contact, statement_prefix = excluded.statement_prefix`)
      .run(channelId, after.name, after.contact, after.statementPrefix);
    appendAudit(db, { action: 'counterparty.set', channelId, subject: channelId, before, after });
    return after;
  });
}

export function getParties(db: DB): Parties {
  return { company: getCompany(db), counterparties: listChannels(db).map((c) => getCounterparty(db, c.id)) };
}

/** The prefix of a channel's statement numbers: the counterparty setting, else the channel id in capitals. */
function prefixOf(db: DB, channelId: string): string {
  return getCounterparty(db, channelId).statementPrefix || channelId.replace(/[^a-z0-9]/gi, '').toUpperCase().slice(0, 12);
}

/**
 * The statement number of a channel's period: PREFIX-YYYY-NNNN, NNNN counting per channel and year (the
 * period's year) in the order periods are first stated. Every export of the same period carries the same
 * number (the audit entry's digest tells versions apart); numbers are never reused or changed.
 */
export function statementNumber(db: DB, channelId: string, period: string): string {
  return writeTransaction(db, () => {
    const existing = db.prepare('SELECT number FROM statement_numbers WHERE channel_id = ? AND period = ?').get(channelId, period) as { number: string } | undefined;
    if (existing) return existing.number;
    const year = Number(period.slice(0, 4));
    const seq = 1 + (db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM statement_numbers WHERE channel_id = ? AND year = ?').get(channelId, year) as { s: number }).s;
    const number = `${prefixOf(db, channelId)}-${year}-${String(seq).padStart(4, '0')}`;
    db.prepare('INSERT INTO statement_numbers (channel_id, year, seq, period, number, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(channelId, year, seq, period, number, new Date().toISOString(), currentOperator(db));
    appendAudit(db, { action: 'statement.number', channelId, period, subject: number, after: { number, year, seq } });
    return number;
  });
}
