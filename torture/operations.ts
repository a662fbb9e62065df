// The operations `npm run torture` kills, each run the way a user runs it (the engine calls behind
// the CLI commands), on the demo month (demo/samples): six bills and in-house exports, two periods.
// The same functions run in the killed child (child.ts) and, uninterrupted, in the runner (run.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getChannel, saveChannel } from '../electron/engine/channels';
import { UserError } from '../electron/engine/errors';
import { importFile } from '../electron/engine/import/pipeline';
import { saveProfile } from '../electron/engine/import/profiles';
import { runInbox } from '../electron/engine/inbox/run';
import { runMatch } from '../electron/engine/match/run';
import { channelReport } from '../electron/engine/report';
import { closePeriod, isPeriodClosed } from '../electron/engine/resolve/periods';
import { bulkResolve } from '../electron/engine/resolve/resolve';
import { exportStatement } from '../electron/engine/statement';
import { openWorkspace, type DB } from '../electron/engine/workspace/db';

export const DEMO = join(import.meta.dirname, '../demo');
export const SAMPLES = join(DEMO, 'samples');
export const SAMPLE_FILES = [
  '20881234567890120156_202609.csv.zip', 'wechat_tradebill_ALL_202609.csv', 'inhouse_orders_202609.csv',
  '20881234567890120156_202610.csv.zip', 'wechat_tradebill_ALL_202610.csv', 'inhouse_orders_202610.csv',
];
export const PERIODS = ['2026-09', '2026-10'] as const;
export const CHANNELS = ['alipay', 'wechat'] as const;

export const OPERATIONS = ['import', 'match', 'resolve', 'close', 'export', 'daily run'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** The workspace an operation starts from. */
export type Start = 'channels' | 'imported' | 'matched';
export const START: Record<Operation, Start> = {
  import: 'channels', match: 'imported', resolve: 'matched', close: 'matched', export: 'matched', 'daily run': 'channels',
};

export function setUpChannels(db: DB): void {
  saveChannel(db, { id: 'alipay', name: '支付宝', aliases: ['支付宝'] });
  saveChannel(db, { id: 'wechat', name: '微信支付', aliases: ['微信支付', '微信'] });
  saveProfile(db, JSON.parse(readFileSync(join(DEMO, 'profiles/inhouse.json'), 'utf8')), 'inhouse.json');
}

/** Imports every sample file not imported yet (a re-run skips those a killed run already stored). */
export function importSamples(db: DB): void {
  for (const f of SAMPLE_FILES) {
    try {
      importFile(db, readFileSync(join(SAMPLES, f)), f);
    } catch (e) {
      if (!(e instanceof UserError && e.key === 'import.already_imported')) throw e;
    }
  }
}

export function matchAll(db: DB): void {
  for (const period of PERIODS) runMatch(db, { period });
}

export function statementPath(dir: string, channelId: string): string {
  return join(dir, `${channelId}-2026-10.xlsx`);
}

/**
 * Runs `op` on the workspace at `path`; `dir` is the daily run's inbox or the export folder. Each
 * step is one transaction, as from the command line: import (six files), match (two periods), bulk
 * resolve and close (four channel periods), export (two statements), the daily run (its inbox).
 */
export function runOperation(op: Operation, path: string, dir: string): void {
  if (op === 'daily run') {
    runInbox(path, { inbox: dir, settleSeconds: 0 });
    return;
  }
  const { db } = openWorkspace(path, { create: false });
  try {
    if (op === 'import') importSamples(db);
    else if (op === 'match') matchAll(db);
    else if (op === 'resolve') {
      for (const channelId of CHANNELS) for (const period of PERIODS) bulkResolve(db, { channelId, period }, { as: 'dispute', note: '渠道核实中' });
    } else if (op === 'close') {
      for (const channelId of CHANNELS) {
        for (const period of PERIODS) {
          if (!isPeriodClosed(db, channelId, period)) closePeriod(db, channelId, period, channelReport(db, getChannel(db, channelId), period), '月结关账', { withOpen: true });
        }
      }
    } else {
      for (const channelId of CHANNELS) exportStatement(db, { channelId, period: '2026-10', outPath: statementPath(dir, channelId) });
    }
  } finally {
    db.close();
  }
}
