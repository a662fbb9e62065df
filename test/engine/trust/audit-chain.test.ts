// The audit log's hash chain checked from the command line, warned about on every open, and pinned by
// the chain head printed on each statement.
import * as XLSX from '@e965/xlsx';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStatement, statementHtml } from '../../../electron/engine/statement';
import { auditHead } from '../../../electron/engine/workspace/audit';
import { tempWorkspace } from '../../helpers/workspace';
import { loadSampleMonth } from '../statement/sample-workspace';
import { runCli } from './cli';

let t: ReturnType<typeof tempWorkspace>;
let printedHead = '';
let tamperedId = 0;
beforeAll(() => {
  t = tempWorkspace();
  loadSampleMonth(t.ws.db);
}, 60_000);
afterAll(() => t.cleanup());

describe('tamper-evident history', () => {
  it('prints the chain head in the statement\'s digest block, in the workbook and the printable page', () => {
    const out = join(t.dir, 'alipay.xlsx');
    exportStatement(t.ws.db, { channelId: 'alipay', period: '2026-10', outPath: out });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(readFileSync(out)).Sheets['汇总']!, { header: 1 });
    const printed = String(rows.find((r) => r[0] === '审计日志链头')?.[1]);
    // The export's own entry follows the head it printed (the issue of its statement number): the head is
    // the history the statement was made from.
    const exportEntry = auditHead(t.ws.db)!;
    const head = t.ws.db.prepare('SELECT id, hash, action FROM audit_log WHERE id = ?').get(exportEntry.id - 1) as { id: number; hash: string; action: string };
    expect(head.action).toBe('statement.number');
    expect(printed).toBe(`#${head.id} ${head.hash}`);
    printedHead = head.hash;
    const { html } = statementHtml(t.ws.db, { channelId: 'alipay', period: '2026-10' });
    expect(html).toContain(`<span data-key="audit-head">#${head.id + 1} ${auditHead(t.ws.db)!.hash}</span>`);
    tamperedId = Math.floor(head.id / 2);
    t.ws.db.close();
  });

  it('verify-audit says the chain is intact and that a printed head is within it', async () => {
    const ok = await runCli(t.path, 'verify-audit', '--head', printedHead);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/审计日志链完整：\d+ 条/);
    expect(ok.out).toContain('在可验证的历史之内');
    expect(ok.err).toBe('');
    const unknown = await runCli(t.path, 'verify-audit', '--head', 'a'.repeat(64));
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('不在可验证的历史之内');
  });

  it('finds a history edited with plain SQL (trigger dropped), names the first broken entry, and warns on every command', async () => {
    const raw = new Database(t.path);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET who = '某人' WHERE id = ?").run(tamperedId);
    const action = (raw.prepare('SELECT action FROM audit_log WHERE id = ?').get(tamperedId) as { action: string }).action;
    raw.close();

    const v = await runCli(t.path, 'verify-audit', '--json');
    expect(v.code).toBe(1);
    expect(JSON.parse(v.out)).toMatchObject({ intact: false, entries: tamperedId - 1, brokenAt: { id: tamperedId, action, who: '某人' } });
    const human = await runCli(t.path, 'verify-audit');
    expect(human.out).toContain(`审计日志链断开：第一处在 #${tamperedId}`);
    // The statement printed before the edit no longer verifies against the history.
    expect((await runCli(t.path, 'verify-audit', '--head', printedHead)).code).toBe(1);

    // Any command on the workspace warns once on stderr, and still does its job.
    const report = await runCli(t.path, 'report', '--period', '2026-10', '--channel', 'alipay');
    expect(report.code).toBe(0);
    expect(report.err.split('\n').filter((l) => l.includes(`#${tamperedId}`))).toHaveLength(1);
    expect(report.err).toContain('审计日志链在第');
  });
});
