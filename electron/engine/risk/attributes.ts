// The records the risk rules screen, with the identifiers their rows carry (IPs, device, card,
// account, player). Identifiers are not stored as record columns: they are read from the stored raw
// rows through the `risk` mapping of the profile that read each file, so the million-row import pays
// nothing for them and a mapping added later applies to bills already imported.
//
// One order is screened once: its channel payment (the money that moved), with what the in-house
// export says of the same order (typically the order IP and the player) filling the gaps; a paid
// in-house order with no channel payment in the period is screened on its own.
import { SUCCESSFUL_INTERNAL_STATUSES } from '../../../shared/domain';
import { parseProfile, type RiskFields } from '../../../shared/profile';
import { formatInstant } from '../../../shared/time';
import { forEachStoredRow } from '../import/cells';
import { builtinProfile } from '../import/builtin-profiles';
import { normaliseHeader } from '../import/normalize';
import type { DB } from '../workspace/db';
import { periodRecords } from '../workspace/record-ranges';
import type { ScreenedRecord } from './rules';

type Attribute = keyof RiskFields;
const ATTRIBUTES: readonly Attribute[] = ['orderIp', 'payIp', 'device', 'card', 'account', 'user'];

interface StoredRecord {
  id: number;
  side: 'channel' | 'internal';
  kind: 'payment' | 'refund';
  order_id: string | null;
  amount_minor: number;
  occurred_at: number;
  status: string | null;
  account: string | null;
  file_id: number;
  row_number: number;
}

/** The risk mapping of the profile that read a file, resolved against the file's own header. */
function columnsOfFile(db: DB, fileId: number): Map<Attribute, number> | null {
  const file = db.prepare('SELECT profile_id, header FROM source_files WHERE id = ?').get(fileId) as { profile_id: string; header: string | null } | undefined;
  if (!file?.header) return null;
  let mapping: RiskFields | undefined = builtinProfile(file.profile_id)?.risk;
  if (!mapping) {
    const row = db.prepare('SELECT definition FROM profiles WHERE id = ?').get(file.profile_id) as { definition: string } | undefined;
    const parsed = row ? parseProfile(JSON.parse(row.definition)) : null;
    mapping = parsed?.ok ? parsed.profile.risk : undefined;
  }
  if (!mapping) return null;
  const header = (JSON.parse(file.header) as string[]).map(normaliseHeader);
  const columns = new Map<Attribute, number>();
  for (const a of ATTRIBUTES) {
    const names = mapping[a];
    if (!names) continue;
    for (const n of Array.isArray(names) ? names : [names]) {
      const at = header.indexOf(normaliseHeader(n));
      if (at >= 0) {
        columns.set(a, at);
        break;
      }
    }
  }
  return columns.size > 0 ? columns : null;
}

/** Cleans one identifier cell the way exports write it (backtick, ="…", blanks); empty → undefined. */
function clean(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.replace(/^="?|"$/g, '').replace(/^[`'\t\s]+|[\s\t]+$/g, '');
  return v === '' || v === '-' || v === '/' ? undefined : v;
}

function readAttributes(db: DB, records: readonly StoredRecord[]): Map<number, Partial<Record<Attribute, string>>> {
  const byFile = new Map<number, Map<number, number>>();
  for (const r of records) {
    const rows = byFile.get(r.file_id) ?? new Map<number, number>();
    rows.set(r.row_number, r.id);
    byFile.set(r.file_id, rows);
  }
  const out = new Map<number, Partial<Record<Attribute, string>>>();
  for (const [fileId, rows] of byFile) {
    const columns = columnsOfFile(db, fileId);
    if (!columns) continue;
    forEachStoredRow(db, fileId, new Set(rows.keys()), (row, cells) => {
      const found: Partial<Record<Attribute, string>> = {};
      for (const [a, at] of columns) {
        const v = clean(cells[at]);
        if (v !== undefined) found[a] = v;
      }
      out.set(rows.get(row)!, found);
    });
  }
  return out;
}

/** The payments and refunds of one channel and period, as the rules see them. */
export function screenedRecords(db: DB, channelId: string, period: string, zone: string): ScreenedRecord[] {
  const stored = db.prepare(`SELECT r.id, r.side, r.kind, r.order_id, r.amount_minor, r.occurred_at, r.status, r.account, r.file_id, r.row_number
    FROM ${periodRecords('r')} WHERE r_range.channel_id = ? AND r_range.period = ?`).all(channelId, period) as StoredRecord[];
  const successful = new Set<string>(SUCCESSFUL_INTERNAL_STATUSES);
  const internal = stored.filter((r) => r.side === 'internal' && r.kind === 'payment' && r.status !== null && successful.has(r.status));
  const channel = stored.filter((r) => r.side === 'channel');
  const attributes = readAttributes(db, [...internal, ...channel]);

  const internalByOrder = new Map<string, StoredRecord>();
  for (const r of internal) if (r.order_id) internalByOrder.set(r.order_id, r);
  const paidByChannel = new Set<string>();
  const screened: ScreenedRecord[] = [];
  const make = (r: StoredRecord, also?: StoredRecord): ScreenedRecord => {
    const own = attributes.get(r.id) ?? {};
    const other = also ? attributes.get(also.id) ?? {} : {};
    const s: ScreenedRecord = {
      recordId: r.id, kind: r.kind, orderId: r.order_id, amountMinor: r.amount_minor, at: r.occurred_at,
      day: formatInstant(r.occurred_at, zone).slice(0, 10),
    };
    for (const a of ATTRIBUTES) {
      const v = a === 'account' ? own.account ?? clean(r.account) ?? other.account : own[a] ?? other[a];
      if (v !== undefined) s[a] = v;
    }
    return s;
  };
  for (const r of channel) {
    const inhouse = r.order_id ? internalByOrder.get(r.order_id) : undefined;
    if (r.kind === 'payment' && r.order_id) paidByChannel.add(r.order_id);
    screened.push(make(r, r.kind === 'payment' ? inhouse : undefined));
  }
  for (const r of internal) if (!r.order_id || !paidByChannel.has(r.order_id)) screened.push(make(r));
  return screened;
}
