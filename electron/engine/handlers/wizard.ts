// The mapping wizard's reads. The draft preview runs the import pipeline's own layout and mapping
// stages on a profile that is not saved, so what the wizard shows is what the import will do.
import { readFileSync } from 'node:fs';
import type { RawGrid, wizardContract } from '../../../shared/contract/wizard';
import { channelAliasMap, listChannels } from '../channels';
import { UserError } from '../errors';
import { findHeader, headerCells, rowTexts, RowCursor } from '../import/layout';
import { compileMapping, type ChannelInfo, type RowNormaliser } from '../import/mapping';
import { bankPreviewNormaliser } from '../bank/statement';
import { collectPreviewRows } from '../import/pipeline';
import { rawText } from '../import/normalize';
import { readOptions, validateProfile } from '../import/profiles';
import { openSource } from '../import/readers';
import type { SourceRow } from '../import/source';
import { getSetting } from '../workspace/db';
import type { EngineContext, HandlerMap } from './types';

const SCAN_ROWS = 200;

function readRef(ctx: EngineContext, ref: string): { bytes: Buffer; name: string } {
  const { path, name } = ctx.resolveFile(ref);
  try {
    return { bytes: readFileSync(path), name };
  } catch (e) {
    throw new UserError('import.cannot_read', `无法读取文件 ${name}：${(e as Error).message}`, `Cannot read file ${name}: ${(e as Error).message}`, { file: name });
  }
}

/** The header is usually the first row with most cells filled with text rather than numbers. */
export function suggestHeaderRow(rows: SourceRow[]): number | null {
  const widths = rows.map((r) => rowTexts(r).filter((t) => t !== '').length);
  const widest = Math.max(0, ...widths);
  if (widest < 2) return null;
  const hit = rows.find((r, i) => {
    const texts = rowTexts(r).filter((t) => t !== '');
    const numeric = texts.filter((t) => /^[-+¥$]?[\d,.]+$/.test(t)).length;
    return widths[i]! >= Math.max(2, Math.ceil(widest * 0.6)) && numeric * 2 < texts.length;
  });
  return hit?.rowNumber ?? null;
}

export const wizardHandlers: HandlerMap<keyof typeof wizardContract> = {
  'wizard.grid': (ctx, input) => {
    const { bytes, name } = readRef(ctx, input.fileRef);
    const opened = openSource(bytes, name, input.encoding ? { encoding: input.encoding } : {});
    const table = opened.tables.find((t) => t.name === input.table) ?? opened.tables[0];
    if (!table) throw new UserError('import.empty_file', `文件 ${name} 里没有可读的表格`, `File ${name} holds no readable table`, { file: name });
    const rows = new RowCursor(table).peek(input.rows);
    const grid: RawGrid = {
      fileName: name,
      container: opened.container,
      notes: opened.notes,
      tables: opened.tables.map((t) => ({ name: t.name, encoding: t.encoding })),
      table: table.name,
      encoding: table.encoding,
      rows: rows.map((r) => ({ rowNumber: r.rowNumber, cells: r.cells.map(rawText) })),
      suggestedHeaderRow: suggestHeaderRow(rows),
    };
    return grid;
  },
  'wizard.preview': (ctx, input) => {
    const db = ctx.workspace.db;
    const { bytes, name } = readRef(ctx, input.fileRef);
    const profile = validateProfile(input.definition, name);
    const opened = openSource(bytes, name, readOptions(profile));
    const table = (typeof profile.read.sheet === 'string' ? opened.tables.find((t) => t.name === profile.read.sheet) : undefined) ?? opened.tables[0];
    if (!table) throw new UserError('import.empty_file', `文件 ${name} 里没有可读的表格`, `File ${name} holds no readable table`, { file: name });
    const cursor = new RowCursor(table);
    const at = findHeader(cursor.peek(SCAN_ROWS), profile);
    if (at < 0) {
      return { header: [], rows: [], problem: { zh: `找不到包含 ${profile.detect.headers.join('、')} 的表头行`, en: `No header row holds ${profile.detect.headers.join(', ')}` } };
    }
    for (let i = 0; i < at; i++) cursor.next();
    const header = headerCells(cursor.next()!);
    const channelId = profile.side === 'channel' || !profile.fields.channel ? (input.channelId ?? profile.channelId ?? null) : null;
    const channels = new Map<string, ChannelInfo>(listChannels(db).map((c) => [c.id, { timeZone: c.timeZone, currency: c.currency }]));
    let normalise: RowNormaliser;
    try {
      const zone = getSetting(db, 'time_zone') ?? 'Asia/Shanghai';
      if (profile.side === 'bank') {
        normalise = bankPreviewNormaliser(profile, header, { fileName: name, timeZone: zone, currency: profile.fields.currency?.default ?? 'CNY', date1904: false });
      } else normalise = compileMapping(profile, header, {
        fileName: name,
        side: profile.side,
        channelId,
        channels,
        aliases: channelAliasMap(db),
        workspaceTimeZone: zone,
        date1904: false,
      });
    } catch (e) {
      if (e instanceof UserError) return { header, rows: [], problem: { zh: e.zh, en: e.en } };
      throw e;
    }
    const rows = collectPreviewRows(cursor, profile, normalise);
    return { header, rows, problem: null };
  },
};
