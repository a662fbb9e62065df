// worker_threads entry of the engine (browser mode, tests): the HTTP server stays responsive while an
// import runs here.
import { parentPort, workerData } from 'node:worker_threads';
import { startEngineLoop } from './loop';
import type { EngineStartOptions, HostToEngine } from './protocol';

const port = parentPort;
if (!port) throw new Error('engine worker must run inside a worker thread');
const loop = startEngineLoop(workerData as EngineStartOptions, (m) => port.postMessage(m), () => port.close());
if (loop) port.on('message', (m: HostToEngine) => loop.handle(m));
