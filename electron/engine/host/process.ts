// Electron utilityProcess entry of the engine (desktop). The parent port is a global Electron gives
// utility processes, so this file needs nothing from 'electron' itself.
import { startEngineLoop } from './loop';
import type { EngineStartOptions, EngineToHost, HostToEngine } from './protocol';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: EngineToHost): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('engine process must run as an Electron utility process');
const port = parentPort;

let loop: ReturnType<typeof startEngineLoop>;
port.on('message', (e) => {
  const data = e.data as { type: 'start'; options: EngineStartOptions } | HostToEngine;
  if (data.type === 'start') {
    loop = startEngineLoop(data.options, (m) => port.postMessage(m), () => process.exit(0));
    return;
  }
  loop?.handle(data);
});
