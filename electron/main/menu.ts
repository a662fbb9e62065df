// The native menu bar. Actions go to the renderer as menu events or run in main (dialogs); the
// template is built by a pure function so its structure can be tested.
import type { MenuItemConstructorOptions } from 'electron';

export type MenuAction = 'new-workspace' | 'open-workspace' | 'import' | 'export' | 'dashboard' | 'settings' | 'about';

export function menuTemplate(lang: 'zh' | 'en', run: (action: MenuAction) => void, isMac: boolean, devTools: boolean): MenuItemConstructorOptions[] {
  const zh = lang === 'zh';
  const file: MenuItemConstructorOptions = {
    label: zh ? '文件' : 'File',
    submenu: [
      { label: zh ? '新建工作区…' : 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: () => run('new-workspace') },
      { label: zh ? '打开工作区…' : 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => run('open-workspace') },
      { type: 'separator' },
      { label: zh ? '导入账单…' : 'Import Bills…', accelerator: 'CmdOrCtrl+I', click: () => run('import') },
      { label: zh ? '导出…' : 'Export…', accelerator: 'CmdOrCtrl+E', click: () => run('export') },
      { type: 'separator' },
      isMac ? { role: 'close', label: zh ? '关闭窗口' : 'Close Window' } : { role: 'quit', label: zh ? '退出' : 'Exit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: zh ? '编辑' : 'Edit',
    submenu: [
      { role: 'undo', label: zh ? '撤销' : 'Undo' },
      { role: 'redo', label: zh ? '重做' : 'Redo' },
      { type: 'separator' },
      { role: 'cut', label: zh ? '剪切' : 'Cut' },
      { role: 'copy', label: zh ? '复制' : 'Copy' },
      { role: 'paste', label: zh ? '粘贴' : 'Paste' },
      { role: 'selectAll', label: zh ? '全选' : 'Select All' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: zh ? '视图' : 'View',
    submenu: [
      { label: zh ? '总览' : 'Dashboard', accelerator: 'Alt+1', click: () => run('dashboard') },
      { label: zh ? '设置' : 'Settings', accelerator: 'Alt+3', click: () => run('settings') },
      { type: 'separator' },
      { role: 'resetZoom', label: zh ? '实际大小' : 'Actual Size' },
      { role: 'zoomIn', label: zh ? '放大' : 'Zoom In' },
      { role: 'zoomOut', label: zh ? '缩小' : 'Zoom Out' },
      { role: 'togglefullscreen', label: zh ? '全屏' : 'Full Screen' },
      // DevTools only in development builds (checklist: disable DevTools in production).
      ...(devTools ? [{ role: 'toggleDevTools' as const }] : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: zh ? '帮助' : 'Help',
    submenu: [{ label: zh ? '关于 ReconDesk' : 'About ReconDesk', click: () => run('about') }],
  };
  const template = [file, edit, view, help];
  return isMac ? [{ role: 'appMenu' }, ...template] : template;
}
