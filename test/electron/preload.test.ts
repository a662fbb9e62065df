// The preload's bridge: only contract commands cross to main, nothing exposes ipcRenderer or paths.
import { describe, expect, it, vi } from 'vitest';
import { createBridge, type IpcLike } from '../../electron/preload/api';
import { IPC } from '../../electron/preload/channels';
import type { DesktopBridge as RendererBridge } from '../../renderer/src/client/types';

function fakeIpc() {
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipc = {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'from-main' })),
    send: vi.fn(),
    on: vi.fn((channel: string, l: (event: unknown, ...args: unknown[]) => void) => listeners.set(channel, l)),
    removeListener: vi.fn((channel: string) => listeners.delete(channel)),
  } satisfies IpcLike;
  return { ipc, listeners };
}

describe('preload bridge', () => {
  it('refuses a command that is not in the contract without calling main', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, () => '');
    for (const name of ['fs.readFile', 'shell.openExternal', '__proto__', 'constructor', 'toString', '']) {
      const r = await bridge.invoke(name, {});
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.type === 'user' && r.error.key).toBe('contract.unknown_command');
    }
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('passes contract commands to main with their request id', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, () => '');
    const r = await bridge.invoke('workspace.info', {}, 'req-1');
    expect(r).toEqual({ ok: true, value: 'from-main' });
    expect(ipc.invoke).toHaveBeenCalledWith(IPC.invoke, 'workspace.info', {}, 'req-1');
  });

  it('turns dropped files into paths in the preload, for main to approve', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, (f) => `/home/u/${f.name}`);
    await bridge.droppedFiles([new File(['a'], 'bill.csv')]);
    expect(ipc.invoke).toHaveBeenCalledWith(IPC.droppedFiles, ['/home/u/bill.csv']);
  });

  it('asks main to print the statement to PDF with only a suggested file name, never a path', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, () => '');
    await bridge.printToPdf('alipay-2026-10-对账确认单.pdf');
    expect(ipc.invoke).toHaveBeenCalledWith(IPC.printToPdf, 'alipay-2026-10-对账确认单.pdf');
  });

  it('exposes functions only, and unsubscribing removes the listener', () => {
    const { ipc, listeners } = fakeIpc();
    const bridge = createBridge(ipc, () => '');
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    const got: string[] = [];
    const off = bridge.onProgress((id) => got.push(id));
    listeners.get(IPC.progress)?.({ sender: 'event object is not passed on' }, 'req-9', { done: 1 });
    expect(got).toEqual(['req-9']);
    off();
    expect(listeners.has(IPC.progress)).toBe(false);
  });

  it('matches the shape the renderer expects', () => {
    const bridge: RendererBridge = createBridge(fakeIpc().ipc, () => '');
    expect(bridge).toBeDefined();
  });
});
