// Times in exports are local wall-clock time with the zone named once; a person's decision shows the
// person, `system` only the matcher's own.
import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDifferences } from '../../../electron/engine/report';
import { resolveDifference } from '../../../electron/engine/resolve/resolve';
import { exportStatement } from '../../../electron/engine/statement';
import { setSetting } from '../../../electron/engine/workspace/db';
import { formatInstant } from '../../../shared/time';
import { tempWorkspace } from '../../helpers/workspace';
import { loadSampleMonth } from '../statement/sample-workspace';
import { runCli } from './cli';

let t: ReturnType<typeof tempWorkspace>;
beforeAll(() => {
  t = tempWorkspace();
  loadSampleMonth(t.ws.db);
  setSetting(t.ws.db, 'operator', '王会计');
}, 60_000);
afterAll(() => t.cleanup());

describe('times and people', () => {
  it('prints 处理时间 in the channel\'s local time and 处理人 as the person, system only for automatic waivers', () => {
    const open = listDifferences(t.ws.db, { channelId: 'alipay', period: '2026-10', status: 'open', category: 'channel_only', limit: 1 })[0]!;
    const decided = resolveDifference(t.ws.db, open.id, { as: 'dispute', note: '待渠道确认' });
    expect(decided.resolvedBy).toBe('王会计');
    const out = join(t.dir, 's.xlsx');
    exportStatement(t.ws.db, { channelId: 'alipay', period: '2026-10', outPath: out });
    const book = XLSX.read(readFileSync(out));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['差错']!, { header: 1 });
    const head = rows[0]!.map(String);
    const byId = (id: number) => rows.find((r) => r[0] === String(id))!;
    const row = byId(open.id);
    expect(row[head.indexOf('处理人')]).toBe('王会计');
    // Asia/Shanghai wall clock, as the summary's 生成时间 names the zone.
    expect(row[head.indexOf('处理时间')]).toBe(formatInstant(Date.parse(decided.resolvedAt!), 'Asia/Shanghai'));
    expect(String(row[head.indexOf('处理时间')])).not.toContain('T');
    const summary = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['汇总']!, { header: 1 });
    expect(String(summary.find((r) => r[0] === '生成时间')?.[1])).toContain('(Asia/Shanghai)');
    const waived = listDifferences(t.ws.db, { channelId: 'alipay', period: '2026-10', status: 'resolved', limit: 100 }).filter((d) => d.reason === 'tolerance');
    expect(waived.length).toBeGreaterThan(0);
    for (const d of waived) expect(byId(d.id)[head.indexOf('处理人')]).toBe('system');
  });

  it('lists imported files in local time with the zone named once', async () => {
    t.ws.db.close();
    const files = await runCli(t.path, 'files');
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const lines = files.out.split('\n');
    expect(lines[0]).toBe(`导入时间为本地时间（${zone}）`);
    expect(lines.slice(1).every((l) => /  \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}  导入/.test(l))).toBe(true);
    expect(files.out.split(zone).length - 1).toBe(1);
  });
});
