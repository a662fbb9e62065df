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
import { zoneOffsetMs } from '../../../shared/time';
import { forEachStoredRow } from '../import/cells';
import { builtinProfile } from '../import/builtin-profiles';
import { normaliseHeader } from '../import/normalize';
import type { DB } from '../workspace/db';
import { periodRecords } from '../workspace/record-ranges';
import type { ScreenedRecord } from './rules';

type Attribute = keyof RiskFields;
const ATTRIBUTES: readonly Attribute[] = ['orderIp', 'payIp', 'device', 'card', 'account', 'user'];

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
  if (value === null || value === undefined || value === '') return undefined;
  const v = value.replace(/^="?|"$/g, '').replace(/^[`'\t\s]+|[\s\t]+$/g, '');
  return v === '' || v === '-' || v === '/' ? undefined : v;
}

/**
 * Identifier values repeat (a card pays many times) and a substring would keep its whole decoded
 * block of raw rows alive: each distinct value is kept once, as its own copy.
 */
class Interned {
  private values = new Map<string, string>();
  get(v: string): string {
    // V8 copies substrings shorter than 13 characters anyway (IPs, short device ids).
    if (v.length < 13) return v;
    let kept = this.values.get(v);
    if (kept === undefined) {
      kept = Buffer.from(v, 'utf8').toString('utf8');
      this.values.set(kept, kept);
    }
    return kept;
  }
}

/** The local day (yyyy-MM-dd) of instants, with the zone's offset looked up once an hour. */
function dayOf(zone: string): (at: number) => string {
  const offsets = new Map<number, number>();
  const days = new Map<number, string>();
  return (at) => {
    const hour = Math.floor(at / 3_600_000);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      offset = zoneOffsetMs(zone, at);
      offsets.set(hour, offset);
    }
    const day = Math.floor((at + offset) / 86_400_000);
    let text = days.get(day);
    if (text === undefined) {
      text = new Date(day * 86_400_000).toISOString().slice(0, 10);
      days.set(day, text);
    }
    return text;
  };
}

/** The payments and refunds of one channel and period, as the rules see them. */
export function screenedRecords(db: DB, channelId: string, period: string, zone: string): ScreenedRecord[] {
  const successful = new Set<string>(SUCCESSFUL_INTERNAL_STATUSES);
  const day = dayOf(zone);
  const records: ScreenedRecord[] = [];
  /** Per kept record: its file and row, to read its identifiers. */
  const rowsByFile = new Map<number, Map<number, ScreenedRecord>>();
  const internalByOrder = new Map<string, ScreenedRecord>();
  const paidByChannel = new Set<string>();
  const rows = db.prepare(`SELECT r.id, r.side, r.kind, r.order_id, r.amount_minor, r.occurred_at, r.status, r.account, r.file_id, r.row_number
    FROM ${periodRecords('r')} WHERE r_range.channel_id = ? AND r_range.period = ?`).raw(true)
    .iterate(channelId, period) as IterableIterator<[number, 'channel' | 'internal', 'payment' | 'refund', string | null, number, number, string | null, string | null, number, number]>;
  for (const [id, side, kind, orderId, amount, at, status, account, fileId, row] of rows) {
    if (side === 'internal' && (kind !== 'payment' || status === null || !successful.has(status))) continue;
    const r: ScreenedRecord = { recordId: id, kind, orderId, amountMinor: amount, at, day: day(at) };
    const acc = clean(account);
    if (acc !== undefined) r.account = acc;
    if (side === 'internal') {
      if (orderId) internalByOrder.set(orderId, r);
    } else {
      if (kind === 'payment' && orderId) paidByChannel.add(orderId);
      records.push(r);
    }
    let inFile = rowsByFile.get(fileId);
    if (!inFile) rowsByFile.set(fileId, (inFile = new Map()));
    inFile.set(row, r);
  }
  const interned = new Interned();
  for (const [fileId, inFile] of rowsByFile) {
    const columns = columnsOfFile(db, fileId);
    if (!columns) continue;
    const wanted = new Set(inFile.keys());
    forEachStoredRow(db, fileId, wanted, (row, cells) => {
      const r = inFile.get(row)!;
      for (const [a, at] of columns) {
        const v = clean(cells[at]);
        if (v !== undefined) r[a] = interned.get(v);
      }
    });
  }
  // One order, one subject: the channel's payment, with what the in-house export says of it.
  for (const r of records) {
    if (r.kind !== 'payment' || !r.orderId) continue;
    const inhouse = internalByOrder.get(r.orderId);
    if (!inhouse) continue;
    for (const a of ATTRIBUTES) if (r[a] === undefined && inhouse[a] !== undefined) r[a] = inhouse[a];
  }
  for (const [orderId, r] of internalByOrder) if (!paidByChannel.has(orderId)) records.push(r);
  return records;
}
