// Starts the engine in an Electron utility process so a long import never freezes the window.
import { utilityProcess } from 'electron';
import { EngineClient, type EngineTransport } from '../engine/host/client';
import type { EngineStartOptions, EngineToHost } from '../engine/host/protocol';

export function startEngineProcess(entry: string, options: EngineStartOptions): EngineClient {
  const child = utilityProcess.fork(entry, [], { serviceName: 'ReconDesk engine', stdio: 'inherit' });
  const transport: EngineTransport = {
    post: (m) => child.postMessage(m),
    onMessage: (l) => child.on('message', (m: EngineToHost) => l(m)),
    onExit: (l) => child.on('exit', (code) => l(code)),
    kill: () => void child.kill(),
  };
  child.postMessage({ type: 'start', options });
  return new EngineClient(transport);
}
