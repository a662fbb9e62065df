// Starts the engine in worker threads (browser mode and tests). From the compiled command line
// (dist-node/, scripts/build-node.mjs) the worker is the compiled engine-worker.js beside it; only the
// tests, which run the TypeScript sources, start it from source through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EngineClient, EngineStartError, type EngineTransport } from './client';
import type { EngineStartOptions, EngineToHost } from './protocol';
import { EngineRouter } from './router';

function engineWorker(options: EngineStartOptions): Worker {
  if (import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), {
      workerData: { ...options, entry: new URL('./worker.ts', import.meta.url).href },
    });
  }
  // Beside the command line's bundle (dist-node/cli.js), or one folder up from a bench's (dist-node/bench/).
  const beside = new URL('./engine-worker.js', import.meta.url);
  const url = existsSync(fileURLToPath(beside)) ? beside : new URL('../engine-worker.js', import.meta.url);
  return new Worker(url, { workerData: options });
}

export function startEngineThread(options: EngineStartOptions): EngineClient {
  const worker = engineWorker(options);
  const transport: EngineTransport = {
    post: (m) => worker.postMessage(m),
    onMessage: (l) => worker.on('message', (m: EngineToHost) => l(m)),
    onExit: (l) => {
      worker.on('exit', (code) => l(code));
      worker.on('error', () => undefined);
    },
    kill: () => void worker.terminate(),
    sharedMemory: true,
  };
  return new EngineClient(transport);
}

/** The writer opens (and migrates) the workspace first; the read-only engine starts after it. */
export async function startEngineThreads(options: Omit<EngineStartOptions, 'readonly'>): Promise<EngineRouter> {
  const writer = startEngineThread(options);
  await writer.ready;
  const reader = startEngineThread({ ...options, readonly: true });
  try {
    await reader.ready;
  } catch (e) {
    await writer.close();
    throw e instanceof EngineStartError ? e : new EngineStartError({ type: 'internal', message: String(e) });
  }
  return new EngineRouter(writer, reader);
}
