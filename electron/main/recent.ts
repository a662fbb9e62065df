// Remembers the last workspace between runs, in a small JSON file under the user's app data folder.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DesktopState {
  lastWorkspace: string | null;
}

export function readState(userData: string): DesktopState {
  const file = join(userData, 'recondesk-state.json');
  try {
    if (!existsSync(file)) return { lastWorkspace: null };
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<DesktopState>;
    return { lastWorkspace: typeof value.lastWorkspace === 'string' ? value.lastWorkspace : null };
  } catch {
    // A damaged state file only costs the user one "open workspace" click.
    return { lastWorkspace: null };
  }
}

export function writeState(userData: string, state: DesktopState): void {
  const file = join(userData, 'recondesk-state.json');
  writeFileSync(file + '.tmp', JSON.stringify(state, null, 2));
  renameSync(file + '.tmp', file);
}
