// An export is on disk only with its audit entry (issue 12): a failed write of the entry leaves no
// statement behind, and the hidden temporary files of killed exports are cleaned up by the next one.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDifferencesCsv, exportStatement, statementHtml, verifyStatement } from '../../../electron/engine/statement';
import { AtomicFile } from '../../../electron/engine/statement/atomic-file';
import { exportDisputes } from '../../../electron/engine/statement/disputes';
import { listAudit } from '../../../electron/engine/workspace/audit';
import type { DB } from '../../../electron/engine/workspace/db';
import { tempWorkspace } from '../../helpers/workspace';
import { loadSampleMonth } from './sample-workspace';

let t: ReturnType<typeof tempWorkspace>;
beforeAll(() => {
  t = tempWorkspace();
  loadSampleMonth(t.ws.db);
});
afterAll(() => t.cleanup());

const target = (dir: string, name: string) => ({ channelId: 'wechat', period: '2026-10', outPath: join(dir, name) });
const exportsRecorded = (db: DB) => listAudit(db, { limit: 10_000 }).filter((e) => e.action.endsWith('.export')).length;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function folder(name: string): string {
  const dir = join(t.dir, name);
  mkdirSync(dir);
  return dir;
}

/** Every kind of export, each into `dir`. */
const EXPORTS: [string, (db: DB, dir: string) => unknown][] = [
  ['statement', (db, dir) => exportStatement(db, target(dir, 'statement.xlsx'))],
  ['html', (db, dir) => statementHtml(db, target(dir, 'statement.html'))],
  ['differences csv', (db, dir) => exportDifferencesCsv(db, target(dir, 'diffs.csv'))],
  ['disputes', (db, dir) => exportDisputes(db, target(dir, 'disputes.xlsx'))],
];

describe('an export whose audit entry cannot be written leaves no file', () => {
  for (const [what, run] of EXPORTS) {
    it(`${what}: write lock held by another connection → error, no file, no entry`, () => {
      const dir = folder(`locked-${what.replace(/ /g, '-')}`);
      const holder = new Database(t.path);
      const before = exportsRecorded(t.ws.db);
      t.ws.db.pragma('busy_timeout = 100');
      try {
        holder.exec('BEGIN IMMEDIATE');
        expect(() => run(t.ws.db, dir)).toThrow(/locked|busy/i);
      } finally {
        holder.exec('ROLLBACK');
        holder.close();
        t.ws.db.pragma('busy_timeout = 5000');
      }
      expect(readdirSync(dir)).toEqual([]);
      expect(exportsRecorded(t.ws.db)).toBe(before);
      // Once the lock is free the same export works and is recorded with the file's hash.
      run(t.ws.db, dir);
      const [name] = readdirSync(dir);
      const entry = listAudit(t.ws.db, { limit: 1 })[0]!;
      expect(entry.action).toMatch(/\.export$/);
      expect((entry.after as { sha256: string }).sha256).toBe(sha256(join(dir, name!)));
    });
  }

  it('a read-only workspace: the statement is refused and nothing passes verify-statement', () => {
    const dir = folder('read-only');
    const out = join(dir, 'statement.xlsx');
    // A statement exported earlier under the same name stays as it was.
    exportStatement(t.ws.db, { ...target(dir, 'statement.xlsx') });
    const earlier = readFileSync(out);
    const readonly = new Database(t.path, { readonly: true });
    try {
      const before = exportsRecorded(readonly);
      expect(() => exportStatement(readonly, target(dir, 'statement.xlsx'))).toThrow(/readonly|read-only/i);
      expect(exportsRecorded(readonly)).toBe(before);
    } finally {
      readonly.close();
    }
    expect(readdirSync(dir)).toEqual(['statement.xlsx']);
    expect(readFileSync(out).equals(earlier)).toBe(true);

    const fresh = folder('read-only-fresh');
    const ro = new Database(t.path, { readonly: true });
    try {
      expect(() => exportStatement(ro, target(fresh, 'statement.xlsx'))).toThrow();
    } finally {
      ro.close();
    }
    expect(readdirSync(fresh)).toEqual([]);
    expect(() => verifyStatement(t.ws.db, join(fresh, 'statement.xlsx'))).toThrow();
  });
});

describe('placing a file and taking it back', () => {
  it('unplace puts the replaced file back and leaves no hidden file', () => {
    const dir = folder('unplace');
    const path = join(dir, 'a.csv');
    writeFileSync(path, 'old');
    const file = new AtomicFile(path);
    file.write(Buffer.from('new'));
    file.seal();
    file.place();
    expect(readFileSync(path, 'utf8')).toBe('new');
    file.unplace();
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['a.csv']);

    const fresh = new AtomicFile(join(dir, 'b.csv'));
    fresh.write(Buffer.from('b'));
    fresh.seal();
    fresh.place();
    fresh.unplace();
    expect(readdirSync(dir)).toEqual(['a.csv']);
  });
});

describe('hidden temporary files of killed exports', () => {
  it('are removed by the next export into the folder: only that exact pattern, only when their writer is gone', () => {
    const dir = folder('abandoned');
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const abandoned = [`.statement.xlsx.${gone}-0a1b2c3d.tmp`, `.other name.csv.${gone}-ffffffff.tmp`];
    // This process is running: its own temporary file (an export in progress) stays, unless it was
    // written before this process started (an earlier process with the same id).
    const inProgress = `.statement.xlsx.${process.pid}-12345678.tmp`;
    const reusedPid = `.statement.xlsx.${process.pid}-87654321.tmp`;
    // The parent (vitest) runs and started before now: its file is an export in progress too.
    const parentInProgress = `.statement.xlsx.${process.ppid}-aaaaaaaa.tmp`;
    const parentBeforeItStarted = `.statement.xlsx.${process.ppid}-bbbbbbbb.tmp`;
    const notOurs = [
      `statement.xlsx.${gone}-0a1b2c3d.tmp`, `.statement.xlsx.${gone}-0a1b2c3.tmp`, `.statement.xlsx.${gone}-0A1B2C3D.tmp`,
      `.statement.xlsx.${gone}-0a1b2c3d.tmp.bak`, `.statement.xlsx.${gone}.tmp`, `.statement.xlsx.x${gone}-0a1b2c3d.tmp`, 'notes.txt',
    ];
    for (const name of [...abandoned, inProgress, reusedPid, parentInProgress, parentBeforeItStarted, ...notOurs]) writeFileSync(join(dir, name), 'x');
    const longAgo = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(dir, reusedPid), longAgo, longAgo);
    utimesSync(join(dir, parentBeforeItStarted), longAgo, longAgo);
    // A folder with the pattern's name is not a file we wrote.
    mkdirSync(join(dir, `.dir.xlsx.${gone}-0a1b2c3d.tmp`));

    exportStatement(t.ws.db, target(dir, 'statement.xlsx'));

    const left = readdirSync(dir).sort();
    for (const name of abandoned) expect(left).not.toContain(name);
    expect(left).not.toContain(reusedPid);
    expect(left).not.toContain(parentBeforeItStarted);
    expect(left).toEqual([inProgress, parentInProgress, `.dir.xlsx.${gone}-0a1b2c3d.tmp`, ...notOurs, 'statement.xlsx'].sort());
    expect(existsSync(join(dir, 'statement.xlsx'))).toBe(true);
  });
});
