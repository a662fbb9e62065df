// Reading and writing an import at the same time. On a big file the importing thread (which owns
// the workspace connection and its write transaction) only writes; a parse worker reads, decodes and
// normalises the rows and posts them in batches (parse.ts). The importing thread stays synchronous —
// the import is still one transaction, rolled back on any failure — by taking the batches with
// receiveMessageOnPort and sleeping on a shared counter (Atomics.wait) while none is ready.
//
// Small files, and runtimes where the worker file is missing, read in the importing thread instead:
// same parser, same batches, same result.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { UserError } from '../errors';
import { cancelled, parseFile, type ParseJob, type ParseResult, type RecordBatch } from './parse';
import { FLAG, FLAG_SLOTS, type ParseMessage } from './parallel-protocol';

/** Files from this size on are read in a worker: below it, starting one costs more than it saves. */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;
const WAIT_MS = 50;
/**
 * The parser makes millions of short-lived strings; with a small young generation many of them
 * outlive a scavenge while their batch fills and get copied into the old generation. 32 MB for this
 * one thread: faster than 8 or 16; 64 is ~6 % faster again but costs ~55 MB of peak memory, which a
 * 1,000,000-row import under 600 MB cannot spare (bench/import.ts).
 */
const YOUNG_GENERATION_MB = 32;
/** How long a prewarmed worker waits for its import. */
const WARM_FOR_MS = 120_000;
/** A worker that posts nothing for this long has died without a word (e.g. out of memory). */
const SILENCE_LIMIT_MS = 60_000;

export interface ParseRunner {
  /** Starts reading the job (in the worker: at once, while this thread does other work). */
  start(job: ParseJob): void;
  /**
   * Takes every batch of the started job, in file order, passing each to `consume`. `reading` hears
   * the rows read so far while no batch is ready. Throws what the parse throws.
   */
  collect(consume: (batch: RecordBatch) => void, signal?: AbortSignal, reading?: (rowsRead: number) => void): ParseResult;
  /** Stops the worker, if any. Safe to call more than once. */
  dispose(): void;
}

/**
 * Where the worker's code is: an `import-worker.js` built beside the bundle (dist-node/ by
 * scripts/build-node.mjs, out/main/ by electron.vite.config.ts), or next to this file when the tests
 * run the sources (through tsx, like the engine's own threads).
 */
function workerEntry(): { url: URL; data: Record<string, unknown> } | null {
  if (import.meta.url.endsWith('.ts')) {
    return {
      url: new URL('../host/worker-bootstrap.mjs', import.meta.url),
      data: { entry: new URL('./parse-worker.ts', import.meta.url).href },
    };
  }
  for (const rel of ['./import-worker.js', '../import-worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return { url, data: {} };
  }
  return null;
}

function inThread(): ParseRunner {
  let started: ParseJob | null = null;
  return {
    start(job) {
      started = job;
    },
    collect(consume, signal) {
      if (!started) throw new Error('parse not started');
      return parseFile(started, consume, () => signal?.aborted === true);
    },
    dispose() {},
  };
}

interface StartedWorker {
  worker: Worker;
  port: MessagePort;
  flags: Int32Array;
}

function startWorker(): StartedWorker | null {
  const entry = workerEntry();
  if (!entry) return null;
  const flags = new Int32Array(new SharedArrayBuffer(FLAG_SLOTS * 4));
  const { port1, port2 } = new MessageChannel();
  try {
    const worker = new Worker(entry.url, {
      workerData: { ...entry.data, port: port2, flags: flags.buffer },
      transferList: [port2],
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    // A worker that fails to start reports it as an 'error' event, which the (blocked) importing thread
    // would never see; the silence limit in receive() turns that into an error instead of a hang.
    worker.on('error', () => undefined);
    worker.unref();
    return { worker, port: port1, flags };
  } catch {
    port1.close();
    return null;
  }
}

/** A worker started ahead of an import (prewarmParseWorker), waiting for its job. */
let warm: StartedWorker | null = null;

/**
 * Starts a parse worker now when a file of `sizeBytes` is about to be imported (the user picked it,
 * the CLI got its arguments): loading the worker's code takes a few hundred ms that then overlap
 * with reading the file from disk. One worker serves one import.
 */
export function prewarmParseWorker(sizeBytes: number): void {
  if (sizeBytes < PARALLEL_MIN_BYTES || warm) return;
  const started = startWorker();
  if (!started) return;
  warm = started;
  // Not taken (the user previewed a big file and left): do not keep a thread waiting for nothing.
  setTimeout(() => {
    if (warm !== started) return;
    warm = null;
    started.port.close();
    void started.worker.terminate();
  }, WARM_FOR_MS).unref();
}

/**
 * A runner for a file of `sizeBytes`. The worker is started at once (or taken warm), so that it loads
 * its code while the importing thread hashes the file and picks its profile. `parallel` forces the
 * choice (tests).
 */
export function parseRunner(sizeBytes: number, parallel?: boolean): ParseRunner {
  if (!(parallel ?? sizeBytes >= PARALLEL_MIN_BYTES)) return inThread();
  const started = warm ?? startWorker();
  warm = null;
  if (!started) return inThread();
  const { worker, port, flags } = started;
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    Atomics.store(flags, FLAG.stop, 1);
    Atomics.notify(flags, FLAG.consumed);
    port.close();
    void worker.terminate();
  };
  let fileName = '';
  return {
    start(job) {
      fileName = job.fileName;
      const { opened: _inThreadOnly, ...plain } = job;
      port.postMessage({ ...plain, bytes: shareable(job.bytes) });
    },
    collect(consume, signal, reading) {
      try {
        return receive(port, flags, fileName, consume, signal, reading);
      } finally {
        dispose();
      }
    },
    dispose,
  };
}

/** The bytes as a view of shared memory: shared as they are when the caller read them that way, else copied once. */
function shareable(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  copy.set(bytes);
  return copy;
}

function receive(port: MessagePort, flags: Int32Array, fileName: string, consume: (batch: RecordBatch) => void, signal: AbortSignal | undefined,
  reading: ((rowsRead: number) => void) | undefined): ParseResult {
  let received = 0;
  let silentMs = 0;
  for (;;) {
    const got = receiveMessageOnPort(port);
    if (!got) {
      if (signal?.aborted) throw cancelled(fileName);
      reading?.(Atomics.load(flags, FLAG.rowsRead));
      const posted = Atomics.load(flags, FLAG.posted);
      // Posted but not yet visible on this side: look again after a moment rather than a full wait.
      const waitMs = posted > received ? 1 : WAIT_MS;
      if (Atomics.wait(flags, FLAG.posted, posted, waitMs) === 'timed-out') {
        silentMs += waitMs;
        if (silentMs >= SILENCE_LIMIT_MS) throw new Error(`the parse worker for ${fileName} stopped without a result`);
      }
      continue;
    }
    received++;
    silentMs = 0;
    const message = got.message as ParseMessage;
    switch (message.type) {
      case 'batch':
        if (signal?.aborted) throw cancelled(fileName);
        consume(message.batch);
        Atomics.add(flags, FLAG.consumed, 1);
        Atomics.notify(flags, FLAG.consumed);
        break;
      case 'done':
        return message.result;
      case 'error': {
        const e = message.error;
        if (e.user) throw new UserError(e.key, e.zh, e.en, e.details);
        throw new Error(`reading ${fileName} failed: ${e.message}`);
      }
    }
  }
}
