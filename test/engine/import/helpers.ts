// Shared by the import tests: a workspace with the sample channels, a content dump to prove that a
// failed import changed nothing, and small builders for bill files.
import iconv from 'iconv-lite';
import * as XLSX from '@e965/xlsx';
import { saveChannel } from '../../../electron/engine/channels';
import type { DB } from '../../../electron/engine/workspace/db';
import { saveProfile } from '../../../electron/engine/import/profiles';
import type { ProfileInput } from '../../../shared/profile';
import { tempWorkspace } from '../../helpers/workspace';
import { rawCellsOfRecords } from '../../../electron/engine/import/cells';

export function sampleWorkspace() {
  const t = tempWorkspace();
  saveChannel(t.ws.db, { id: 'alipay', name: '支付宝', aliases: ['支付宝'], timeZone: 'Asia/Shanghai' });
  saveChannel(t.ws.db, { id: 'wechat', name: '微信支付', aliases: ['微信支付'], timeZone: 'Asia/Shanghai' });
  saveChannel(t.ws.db, { id: 'bank', name: '银行', timeZone: 'Asia/Shanghai' });
  saveChannel(t.ws.db, { id: 'stripe', name: 'Stripe', timeZone: 'Asia/Shanghai', currency: 'USD' });
  return t;
}

/** Every row of every table, so a test can prove a failed import left the workspace as it was. */
export function dumpContent(db: DB): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all().map((r) => JSON.stringify(r)).sort()]));
}

export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

export function gbk(text: string): Buffer {
  return iconv.encode(text, 'gbk');
}

export function xlsx(rows: unknown[][], options: { merges?: string[]; date1904?: boolean } = {}): Buffer {
  const ws = XLSX.utils.aoa_to_sheet(rows, { cellDates: true });
  if (options.merges) ws['!merges'] = options.merges.map((r) => XLSX.utils.decode_range(r));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Sheet1');
  if (options.date1904) wb.Workbook = { ...(wb.Workbook ?? {}), WBProps: { date1904: true } };
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

/** A small user profile for generic bank-style CSVs; tests override what they exercise. */
export function testProfile(overrides: Omit<Partial<ProfileInput>, 'fields'> & { fields?: Partial<ProfileInput['fields']> } = {}): ProfileInput {
  const { fields, ...rest } = overrides;
  return {
    id: 'test-bill',
    name: 'test bill',
    side: 'channel',
    channelId: 'bank',
    detect: { headers: ['流水号', '金额(元)', '时间'] },
    ...rest,
    fields: {
      channelTxnId: { from: '流水号' },
      orderId: { from: '订单号' },
      kind: { bySign: true },
      amount: { from: '金额(元)', sign: 'as-is' },
      time: { from: '时间' },
      memo: { from: '备注' },
      ...fields,
    },
  };
}

export function addProfile(db: DB, p: ProfileInput): void {
  saveProfile(db, p);
}

export { userError } from '../../helpers/user-error';

export interface RecordRow {
  kind: string; order_id: string | null; channel_txn_id: string | null; refund_id: string | null; amount_minor: number; fee_minor: number;
  refunded_minor: number | null; currency: string; status: string | null; occurred_at: number; period: string; memo: string | null;
  account: string | null; channel_id: string; side: string; row_number: number; key_occurrence: number; file_id: number;
  /** The row's raw cells, read back from its file's cell block. */
  raw: (string | null)[];
}

export function records(db: DB): RecordRow[] {
  const rows = db.prepare('SELECT * FROM records ORDER BY id').all() as Omit<RecordRow, 'raw'>[];
  const raw = rawCellsOfRecords(db, rows);
  return rows.map((r, i) => ({ ...r, raw: raw[i]! }));
}
