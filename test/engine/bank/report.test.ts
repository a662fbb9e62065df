import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveAccount } from '../../../electron/engine/bank/accounts';
import { saveChannel } from '../../../electron/engine/channels';
import { importBankFile } from '../../../electron/engine/import/pipeline';
import { writeReceivablesReport } from '../../../electron/engine/receivables/report';
import { saveReceiptSettings } from '../../../electron/engine/receivables/settings';
import { listAudit } from '../../../electron/engine/workspace/audit';
import { setSetting } from '../../../electron/engine/workspace/db';
import { tempWorkspace } from '../../helpers/workspace';
import { ACCOUNT, chain, cmbCsv } from './fixtures';

let t: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  t = tempWorkspace();
  const db = t.ws.db;
  setSetting(db, 'company_name', '深圳某某科技有限公司');
  saveAccount(db, { accountNo: ACCOUNT, bank: '招商银行', name: '深圳某某科技有限公司', currency: 'CNY' });
  saveChannel(db, { id: 'alipay', name: '支付宝', toleranceMinor: 100 });
  saveReceiptSettings(db, { channelId: 'alipay', payerNames: ['支付宝（中国）网络技术有限公司'] });
  const close = db.prepare("INSERT INTO closed_periods (channel_id, period, closed_at, closed_by, note, figures) VALUES ('alipay', ?, ?, 'tester', NULL, ?)");
  close.run('2026-08', '2026-09-02T02:00:00.000Z', JSON.stringify({ agreed: 1_234_567 }));
  close.run('2026-09', '2026-10-02T02:00:00.000Z', JSON.stringify({ agreed: 2_000_000 }));
  const c = chain(0, [{ at: '2026-10-11 10:00:00', amount: 1_500_000, name: '支付宝（中国）网络技术有限公司', remark: '2026-09', serial: 'A1' }]);
  importBankFile(db, cmbCsv(c.rows), 'cmb.csv');
});
afterEach(() => t.cleanup());

describe('receivables report (对账回款函)', () => {
  it('lists the outstanding items with their figures, read back from the written file', () => {
    const out = join(t.dir, '对账回款函.xlsx');
    const file = writeReceivablesReport(t.ws.db, out, { asOf: '2026-10-20' });
    expect(file.rows).toBe(2);
    const wb = XLSX.read(readFileSync(out));
    expect(wb.SheetNames).toEqual(['回款函', '应收明细', '回款差错']);
    const letter = XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets['回款函']!, { header: 1, defval: '' });
    expect(letter[0]![0]).toBe('对账回款函');
    expect(letter[3]!.slice(0, 2)).toEqual(['发函方', '深圳某某科技有限公司']);
    const head = letter.findIndex((r) => r[0] === '渠道');
    expect(letter[head + 1]).toEqual(['支付宝', '2026-08', '', 'CNY', 12345.67, 0, 0, 12345.67, '2026-09-11', 48, '逾期']);
    expect(letter[head + 2]).toEqual(['支付宝', '2026-09', '', 'CNY', 20000, 15000, 0, 5000, '2026-10-11', 18, '逾期']);
    expect(letter[head + 3]!.slice(0, 8)).toEqual(['支付宝 合计', '', '', 'CNY', 32345.67, 15000, '', 17345.67]);
    const diffs = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['回款差错']!);
    expect(diffs).toEqual([expect.objectContaining({ 类型: '少付', 账期: '2026-09', 金额: 5000 })]);
    expect(listAudit(t.ws.db, { action: 'receivables.export' })[0]!.after).toMatchObject({ sha256: file.sha256, outstandingRows: 2 });
  });
});
