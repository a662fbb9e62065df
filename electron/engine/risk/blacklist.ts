// The blacklist (黑名单): cards, accounts, IPs, devices and players a risk lead does not want to see
// paying. Each entry says who added it, when, why and from where (a file, by hand, or a confirmed hit).
// A list can be imported from the CSV/xlsx a risk team keeps: columns 类型 (type), 值 (value) and
// 原因 (reason), in Chinese or English; the types may be written in either language too.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { BlacklistEntryView } from '../../../shared/contract/risk';
import { RISK_IDENTIFIERS, type RiskIdentifier } from '../../../shared/risk';
import { UserError } from '../errors';
import { cellValue, NO_EMPTY_VALUES, normaliseHeader } from '../import/normalize';
import { openSource } from '../import/readers';
import { appendAudit, currentOperator } from '../workspace/audit';
import { writeTransaction, type DB } from '../workspace/db';
import type { BlacklistEntry } from './rules';

interface Row {
  id: number;
  type: RiskIdentifier;
  value: string;
  reason: string;
  added_by: string;
  added_at: string;
  source: string;
}

const view = (r: Row): BlacklistEntryView => ({ id: r.id, type: r.type, value: r.value, reason: r.reason, addedBy: r.added_by, addedAt: r.added_at, source: r.source });

export function listBlacklist(db: DB, type?: RiskIdentifier): BlacklistEntryView[] {
  const rows = db.prepare(`SELECT * FROM risk_blacklist ${type ? 'WHERE type = ?' : ''} ORDER BY type, value`).all(...(type ? [type] : [])) as Row[];
  return rows.map(view);
}

export function blacklistEntries(db: DB): BlacklistEntry[] {
  return db.prepare('SELECT id, type, value FROM risk_blacklist').all() as BlacklistEntry[];
}

interface NewEntry {
  type: RiskIdentifier;
  value: string;
  reason: string;
  source: string;
}

/** Adds entries inside the caller's transaction; an entry already listed (same type and value) is kept as it was. */
export function addBlacklistEntries(db: DB, entries: readonly NewEntry[]): { added: BlacklistEntryView[]; alreadyListed: number } {
  const insert = db.prepare('INSERT INTO risk_blacklist (type, value, reason, added_by, added_at, source) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (type, value) DO NOTHING RETURNING *');
  const who = currentOperator(db);
  const at = new Date().toISOString();
  const added: BlacklistEntryView[] = [];
  for (const e of entries) {
    const row = insert.get(e.type, e.value.trim(), e.reason, who, at, e.source) as Row | undefined;
    if (row) added.push(view(row));
  }
  return { added, alreadyListed: entries.length - added.length };
}

export function addToBlacklist(db: DB, entry: { type: RiskIdentifier; value: string; reason: string }): BlacklistEntryView {
  return writeTransaction(db, () => {
    const r = addBlacklistEntries(db, [{ ...entry, source: 'manual' }]);
    const added = r.added[0];
    if (!added) throw new UserError('risk.already_listed', `${entry.value} 已在黑名单中`, `${entry.value} is already blacklisted`, { value: entry.value });
    appendAudit(db, { action: 'risk.blacklist.add', subject: `${entry.type} ${entry.value}`, after: { reason: entry.reason } });
    return added;
  });
}

const TYPE_WORDS: Record<string, RiskIdentifier> = {
  card: 'card', 卡号: 'card', 银行卡: 'card', 卡: 'card',
  account: 'account', 账户: 'account', 账号: 'account', 付款账户: 'account',
  ip: 'ip', ip地址: 'ip',
  device: 'device', 设备: 'device', 设备号: 'device', 设备id: 'device',
  user: 'user', player: 'user', 玩家: 'user', 玩家id: 'user', 用户: 'user', 用户id: 'user',
};
const COLUMNS = { type: ['类型', 'type'], value: ['值', '号码', 'value'], reason: ['原因', '备注', 'reason'] } as const;

/**
 * Reads a blacklist file and adds its entries; the whole file or nothing. `name` is the file's name as
 * the user chose it (an uploaded file is stored under an upload id), kept as each entry's source.
 */
export function importBlacklist(db: DB, path: string, name = basename(path)): { added: number; alreadyListed: number } {
  const source = openSource(readFileSync(path), name);
  const table = source.tables[0];
  if (!table) throw new UserError('risk.blacklist_empty', `${name} 中没有表格`, `${name} holds no table`, { file: name });
  const entries: NewEntry[] = [];
  let columns: { type: number; value: number; reason: number } | null = null;
  for (const row of table.rows()) {
    const cells = row.cells.map((c) => cellValue(c, NO_EMPTY_VALUES).text);
    if (!columns) {
      const header = cells.map(normaliseHeader);
      const find = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
      const found = { type: find(COLUMNS.type), value: find(COLUMNS.value), reason: find(COLUMNS.reason) };
      if (found.type >= 0 && found.value >= 0) columns = found;
      continue;
    }
    const value = cells[columns.value]?.trim() ?? '';
    const typeText = normaliseHeader(cells[columns.type] ?? '');
    if (value === '' && typeText === '') continue;
    const type = TYPE_WORDS[typeText];
    if (!type || value === '') {
      throw new UserError('risk.blacklist_bad_row', `${name} 第 ${row.rowNumber} 行：类型应为 ${RISK_IDENTIFIERS.join('/')}（或 卡号/账户/IP/设备/玩家），值不能为空`,
        `${name} row ${row.rowNumber}: the type must be ${RISK_IDENTIFIERS.join('/')} and the value not empty`, { file: name, row: row.rowNumber });
    }
    const reason = (columns.reason >= 0 ? cells[columns.reason]?.trim() : '') || `导入自 ${name}`;
    entries.push({ type, value, reason, source: name });
  }
  if (!columns) {
    throw new UserError('risk.blacklist_no_header', `${name} 中没有找到 类型、值 两列（type, value）`, `${name} has no 类型/type and 值/value columns`, { file: name });
  }
  return writeTransaction(db, () => {
    const r = addBlacklistEntries(db, entries);
    appendAudit(db, { action: 'risk.blacklist.import', subject: name, after: { added: r.added.length, alreadyListed: r.alreadyListed } });
    return { added: r.added.length, alreadyListed: r.alreadyListed };
  });
}
