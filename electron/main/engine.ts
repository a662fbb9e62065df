// Starts the engine in an Electron utility process so a long import never freezes the window.
import { utilityProcess } from 'electron';
import { EngineClient, type EngineTransport } from '../engine/host/client';
import type { EngineStartOptions, EngineToHost } from '../engine/host/protocol';
import { EngineRouter } from '../engine/host/router';

export function startEngineProcess(entry: string, options: EngineStartOptions): EngineClient {
  const child = utilityProcess.fork(entry, [], { serviceName: 'ReconDesk engine', stdio: 'inherit' });
  const transport: EngineTransport = {
    post: (m) => child.postMessage(m),
    onMessage: (l) => child.on('message', (m: EngineToHost) => l(m)),
    onExit: (l) => child.on('exit', (code) => l(code)),
    kill: () => void child.kill(),
    // The utility process shares memory with its engine thread, not with us: it keeps the cancel flags.
    sharedMemory: false,
  };
  child.postMessage({ type: 'start', options });
  return new EngineClient(transport);
}

/** Writer first (it migrates the workspace), then a read-only engine for reads during long writes. */
export async function startEngineProcesses(entry: string, options: Omit<EngineStartOptions, 'readonly'>): Promise<EngineRouter> {
  const writer = startEngineProcess(entry, options);
  await writer.ready;
  const reader = startEngineProcess(entry, { ...options, readonly: true });
  try {
    await reader.ready;
  } catch (e) {
    await writer.close();
    throw e;
  }
  return new EngineRouter(writer, reader);
}
