import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, type Workspace } from '../../electron/engine/workspace/db';

/** A fresh workspace in its own temp folder; call cleanup() in afterEach. */
export function tempWorkspace(): { ws: Workspace; dir: string; path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'recondesk-test-'));
  const path = join(dir, 'ws.sqlite');
  const ws = createWorkspace(path);
  return {
    ws,
    dir,
    path,
    cleanup: () => {
      try { ws.db.close(); } catch { /* already closed */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
