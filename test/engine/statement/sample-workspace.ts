// The sample month (demo/samples) imported and matched, as a user would have it before exporting.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveChannel } from '../../../electron/engine/channels';
import { importFile } from '../../../electron/engine/import/pipeline';
import { saveProfile } from '../../../electron/engine/import/profiles';
import { runMatch } from '../../../electron/engine/match/run';
import type { DB } from '../../../electron/engine/workspace/db';

export const SAMPLES = join(import.meta.dirname, '../../../demo/samples');
export const PROFILES = join(import.meta.dirname, '../../../demo/profiles');

export const SAMPLE_FILES = [
  '20881234567890120156_202609.csv.zip', 'wechat_tradebill_ALL_202609.csv', 'inhouse_orders_202609.csv',
  '20881234567890120156_202610.csv.zip', 'wechat_tradebill_ALL_202610.csv', 'inhouse_orders_202610.csv',
];

export function setUpChannels(db: DB): void {
  saveChannel(db, { id: 'alipay', name: '支付宝', aliases: ['支付宝'] });
  saveChannel(db, { id: 'wechat', name: '微信支付', aliases: ['微信支付', '微信'] });
  saveChannel(db, { id: 'boc', name: '中国银行', manualDownload: true });
  saveProfile(db, JSON.parse(readFileSync(join(PROFILES, 'inhouse.json'), 'utf8')), 'inhouse.json');
}

export function loadSampleMonth(db: DB, files: readonly string[] = SAMPLE_FILES): void {
  setUpChannels(db);
  for (const f of files) importFile(db, readFileSync(join(SAMPLES, f)), f);
  for (const period of ['2026-09', '2026-10']) runMatch(db, { period });
}
