// Overlapping bills: a channel row delivered in two files is stored once and counted as already
// present; identical rows inside one file are all kept (they are genuine until a user says otherwise).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/engine/import/pipeline';
import { addProfile, records, sampleWorkspace, testProfile, utf8 } from './helpers';

let t: ReturnType<typeof sampleWorkspace>;
beforeEach(() => {
  t = sampleWorkspace();
  addProfile(t.ws.db, testProfile());
});
afterEach(() => t.cleanup());

const HEADER = '流水号,订单号,金额(元),时间,备注';

describe('overlapping weekly bills', () => {
  it('stores a row delivered twice once and counts it as already present', () => {
    const week1 = [HEADER, 'T1,O1,1.00,2026-09-01 10:00:00,', 'T2,O2,2.00,2026-09-05 10:00:00,', 'T3,O3,3.00,2026-09-07 10:00:00,'].join('\n');
    // Re-downloaded with a new export time, so the bytes differ; T3 overlaps.
    const week2 = [HEADER, 'T3,O3,3.00,2026-09-07 10:00:00,导出于 9-15', 'T4,O4,4.00,2026-09-10 10:00:00,', 'T5,O5,-1.00,2026-09-11 10:00:00,'].join('\n');
    importFile(t.ws.db, utf8(week1), 'week1.csv');
    const s = importFile(t.ws.db, utf8(week2), 'week2.csv');
    expect(s).toMatchObject({ dataRows: 3, accepted: 2, alreadyPresent: 1, filtered: 0, rejected: 0, payments: 1, refunds: 1 });
    expect(s.warnings.map((w) => w.en).join(' ')).toContain('1 rows were already imported');
    expect(records(t.ws.db).map((r) => r.channel_txn_id)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);
    const files = t.ws.db.prepare('SELECT file_name, accepted, already_present FROM source_files ORDER BY id').all();
    expect(files).toEqual([{ file_name: 'week1.csv', accepted: 3, already_present: 0 }, { file_name: 'week2.csv', accepted: 2, already_present: 1 }]);
  });

  it('keeps two identical rows inside one file, and recognises both when the next file repeats them', () => {
    const file1 = [HEADER, 'T1,O1,1.00,2026-09-01 10:00:00,', 'T1,O1,1.00,2026-09-01 10:00:00,'].join('\n');
    const s1 = importFile(t.ws.db, utf8(file1), 'a.csv');
    expect(s1).toMatchObject({ accepted: 2, alreadyPresent: 0 });
    expect(records(t.ws.db).map((r) => r.key_occurrence)).toEqual([1, 2]);
    // The next file has the pair plus a third copy: only the third is new.
    const file2 = [HEADER, 'T1,O1,1.00,2026-09-01 10:00:00,x', 'T1,O1,1.00,2026-09-01 10:00:00,x', 'T1,O1,1.00,2026-09-01 10:00:00,x'].join('\n');
    const s2 = importFile(t.ws.db, utf8(file2), 'b.csv');
    expect(s2).toMatchObject({ accepted: 1, alreadyPresent: 2 });
    expect(records(t.ws.db)).toHaveLength(3);
  });

  it('tells a payment and its refund apart although they share the transaction id', () => {
    const f = [HEADER, 'T1,O1,5.00,2026-09-01 10:00:00,', 'T1,O1,-5.00,2026-09-02 10:00:00,'].join('\n');
    const s = importFile(t.ws.db, utf8(f), 'a.csv');
    expect(s).toMatchObject({ accepted: 2, payments: 1, refunds: 1 });
  });
});

describe('odd characters in cells', () => {
  it('stores ids and memos holding control characters exactly', () => {
    const memo = 'a\u001fb\u001ec\u0002d';
    const f = [HEADER, `T1,O1,5.00,2026-09-01 10:00:00,${memo}`, 'T2,O2,6.00,2026-09-01 10:00:00,'].join('\n');
    importFile(t.ws.db, utf8(f), 'a.csv');
    const [a, b] = records(t.ws.db);
    expect(a).toMatchObject({ memo, amount_minor: 500, order_id: 'O1' });
    expect(a!.raw[4]).toBe(memo);
    expect(b).toMatchObject({ memo: null, amount_minor: 600 });
  });
});
