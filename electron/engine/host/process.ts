// Electron utilityProcess entry of the engine (desktop). The engine itself runs in a worker thread of
// this process: shared memory between threads is what lets a cancel reach a synchronous import (Electron
// cannot share memory across processes). The parent port is a global Electron gives utility
// processes, so this file needs nothing from 'electron' itself.
import { Worker } from 'node:worker_threads';
import type { EngineStartOptions, EngineToHost, HostToEngine } from './protocol';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: EngineToHost): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('engine process must run as an Electron utility process');
const port = parentPort;

let worker: Worker | undefined;
const flags = new Map<number, Int32Array>();

port.on('message', (e) => {
  const data = e.data as { type: 'start'; options: EngineStartOptions } | HostToEngine;
  if (data.type === 'start') {
    // Built next to this file by electron.vite.config.ts (entry "engine-worker").
    worker = new Worker(new URL('./engine-worker.js', import.meta.url), { workerData: data.options });
    worker.on('message', (m: EngineToHost) => {
      if (m.type === 'result') flags.delete(m.id);
      port.postMessage(m);
      if (m.type === 'closed') process.exit(0);
    });
    worker.on('exit', (code) => process.exit(code));
    return;
  }
  if (!worker) return;
  if (data.type === 'call') {
    const shared = new SharedArrayBuffer(4);
    flags.set(data.id, new Int32Array(shared));
    worker.postMessage({ ...data, cancelFlag: shared } satisfies HostToEngine);
    return;
  }
  if (data.type === 'cancel') {
    const flag = flags.get(data.id);
    if (flag) Atomics.store(flag, 0, 1);
  }
  worker.postMessage(data);
});
