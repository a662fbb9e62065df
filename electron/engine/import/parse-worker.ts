// Worker-thread entry that reads one file for an import (see parallel.ts): it waits for the job on its
// port, then posts batches of records while the importing thread writes them. Every failure is posted
// as a message: the importing thread is blocked in a transaction and cannot see worker events.
import { workerData, type MessagePort } from 'node:worker_threads';
import { UserError } from '../errors';
import { parseFile, type ParseJob } from './parse';
import { FLAG, MAX_IN_FLIGHT, type ParseMessage } from './parallel-protocol';

const { port, flags: flagBuffer } = workerData as { port: MessagePort; flags: SharedArrayBuffer };
const flags = new Int32Array(flagBuffer);

function post(message: ParseMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(flags, FLAG.posted, 1);
  Atomics.notify(flags, FLAG.posted);
}

const stopped = () => Atomics.load(flags, FLAG.stop) === 1;

port.once('message', (job: ParseJob) => {
  try {
    const result = parseFile(
      job,
      (batch) => {
        // Backpressure: a writer slower than this reader must not make the whole file pile up in memory.
        for (;;) {
          const consumed = Atomics.load(flags, FLAG.consumed);
          if (Atomics.load(flags, FLAG.posted) - consumed < MAX_IN_FLIGHT || stopped()) break;
          Atomics.wait(flags, FLAG.consumed, consumed, 100);
        }
        if (stopped()) return;
        post({ type: 'batch', batch }, [batch.lengths.buffer as ArrayBuffer, batch.numbers.buffer as ArrayBuffer, batch.cells.buffer as ArrayBuffer]);
      },
      (rowsRead) => {
        Atomics.store(flags, FLAG.rowsRead, rowsRead);
        return stopped();
      },
    );
    post({ type: 'done', result });
  } catch (e) {
    if (e instanceof UserError) post({ type: 'error', error: { user: true, key: e.key, zh: e.zh, en: e.en, details: e.details } });
    else post({ type: 'error', error: { user: false, message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) } });
  }
  // The port is not closed here: the importing thread takes the last messages after this thread ends,
  // and terminates it once it has the result.
});
