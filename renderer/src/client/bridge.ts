// Desktop: the preload's window.recondesk. Files and paths stay in the main process; the renderer only
// ever sees tokens.
import type { ProgressEvent } from '../../../shared/contract';
import type { DesktopBridge, FrontDoor } from './types';

export function bridgeFrontDoor(bridge: DesktopBridge): FrontDoor {
  const listeners = new Map<string, (e: ProgressEvent) => void>();
  bridge.onProgress((requestId, event) => listeners.get(requestId)?.(event));
  return {
    kind: 'desktop',
    async invoke(name, input, options = {}) {
      const requestId = options.requestId ?? crypto.randomUUID();
      if (options.onProgress) listeners.set(requestId, options.onProgress);
      try {
        return await bridge.invoke(name, input, requestId);
      } finally {
        listeners.delete(requestId);
      }
    },
    async cancel(requestId) {
      bridge.cancel(requestId);
    },
    session: () => bridge.session(),
    createWorkspace: () => bridge.newWorkspace(),
    openWorkspace: () => bridge.openWorkspace(),
    async addFiles(files) {
      return { ok: true, value: await bridge.droppedFiles(files) };
    },
    chooseFiles: () => bridge.chooseFiles(),
    async saveOutput(file) {
      await bridge.saveOutput(file.id, file.name);
    },
    printToPdf: (defaultName) => bridge.printToPdf(defaultName),
    onMenu: (listener) => bridge.onMenu(listener),
  };
}
