// What the preload exposes as window.recondesk: one function per use case, commands only by their
// contract names, no ipcRenderer and no paths. Built from injected Electron pieces so tests can run it.
import { isCommandName, type ProgressEvent } from '../../shared/contract';
import type { ChosenFile, CommandResponse, DesktopBridge as SharedBridge, Result, SessionInfo } from '../../shared/front-door';
import { IPC } from './channels';

export type DesktopBridge = SharedBridge<File>;

/** The slice of ipcRenderer the bridge uses. */
export interface IpcLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function unknownCommand(name: string): CommandResponse {
  return { ok: false, error: { type: 'user', key: 'contract.unknown_command', message: { zh: `未知命令：${name}`, en: `Unknown command: ${name}` }, details: { command: name } } };
}

export function createBridge(ipc: IpcLike, pathForFile: (file: File) => string): DesktopBridge {
  const subscribe = <A extends unknown[]>(channel: string, listener: (...args: A) => void) => {
    const wrapped = (_event: unknown, ...args: unknown[]) => listener(...(args as A));
    ipc.on(channel, wrapped);
    return () => void ipc.removeListener(channel, wrapped);
  };
  return {
    invoke(name, input, requestId) {
      // Refused here before anything crosses to main; main and the engine check again.
      if (typeof name !== 'string' || !isCommandName(name)) return Promise.resolve(unknownCommand(String(name)));
      return ipc.invoke(IPC.invoke, name, input, typeof requestId === 'string' ? requestId : undefined) as Promise<CommandResponse>;
    },
    cancel: (requestId) => ipc.send(IPC.cancel, String(requestId)),
    onProgress: (listener) => subscribe<[string, ProgressEvent]>(IPC.progress, listener),
    session: () => ipc.invoke(IPC.session) as Promise<SessionInfo>,
    newWorkspace: () => ipc.invoke(IPC.newWorkspace) as Promise<Result<SessionInfo>>,
    openWorkspace: () => ipc.invoke(IPC.openWorkspace) as Promise<Result<SessionInfo>>,
    chooseFiles: () => ipc.invoke(IPC.chooseFiles) as Promise<ChosenFile[]>,
    // A dropped File's path is only known here (webUtils); main approves it like a dialog choice.
    droppedFiles: (files) => ipc.invoke(IPC.droppedFiles, Array.from(files, (f) => pathForFile(f)).filter((p) => p !== '')) as Promise<ChosenFile[]>,
    saveOutput: (id, name) => ipc.invoke(IPC.saveOutput, String(id), String(name)) as Promise<boolean>,
    printToPdf: (defaultName) => ipc.invoke(IPC.printToPdf, String(defaultName)) as Promise<boolean>,
    onMenu: (listener) => subscribe<[string]>(IPC.menu, listener),
  };
}
