// Desktop pieces that need no Electron binary: the menu's structure, the approvals that keep paths
// in the main process, and the remembered last workspace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileApprovals } from '../../electron/main/approvals';
import { menuTemplate } from '../../electron/main/menu';
import { readState, writeState } from '../../electron/main/recent';

function labels(items: MenuItemConstructorOptions[]): string[] {
  return items.map((i) => i.label ?? i.role ?? '');
}

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return (item?.submenu ?? []) as MenuItemConstructorOptions[];
}

describe('native menu', () => {
  it('has 文件 (new/open workspace, import, export), 编辑, 视图, 帮助 in Chinese', () => {
    const run = vi.fn();
    const menu = menuTemplate('zh', run, false, false);
    expect(labels(menu)).toEqual(['文件', '编辑', '视图', '帮助']);
    const file = submenu(menu[0]);
    expect(labels(file)).toEqual(expect.arrayContaining(['新建工作区…', '打开工作区…', '导入账单…', '导出…']));
    file.find((i) => i.label === '导入账单…')?.click?.({} as never, undefined, {} as never);
    expect(run).toHaveBeenCalledWith('import');
  });

  it('switches to English and keeps DevTools out of production builds', () => {
    const menu = menuTemplate('en', () => undefined, true, false);
    expect(labels(menu)).toEqual(['appMenu', 'File', 'Edit', 'View', 'Help']);
    expect(submenu(menu[3]).some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(submenu(menuTemplate('en', () => undefined, false, true)[2]).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});

describe('file approvals', () => {
  it('hands out opaque tokens and resolves only those', () => {
    const a = new FileApprovals();
    const f = a.approve('/home/u/账单.csv', '账单.csv', 10);
    expect(f.token).toMatch(/^file-[0-9a-f]{24}$/);
    expect(f.token).not.toContain('账单');
    expect(a.get(f.token)?.path).toBe('/home/u/账单.csv');
    expect(a.get('/home/u/账单.csv')).toBeUndefined();
    expect(a.approve('/x', 'x', 1).token).not.toBe(f.token);
  });
});

describe('last workspace', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is remembered across runs and a damaged state file is ignored', () => {
    dir = mkdtempSync(join(tmpdir(), 'recondesk-state-'));
    expect(readState(dir)).toEqual({ lastWorkspace: null });
    writeState(dir, { lastWorkspace: '/data/对账.sqlite' });
    expect(readState(dir)).toEqual({ lastWorkspace: '/data/对账.sqlite' });
    writeFileSync(join(dir, 'recondesk-state.json'), '{broken');
    expect(readState(dir)).toEqual({ lastWorkspace: null });
  });
});
