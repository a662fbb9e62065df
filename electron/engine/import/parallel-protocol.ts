// Messages and shared flags between the importing thread and its parse worker (parallel.ts).
import type { ParseResult, RecordBatch } from './parse';

/** Slots of the shared Int32Array. */
export const FLAG = {
  /** Messages the worker has posted (batches, then done or error). */
  posted: 0,
  /** Batches the importing thread has written. */
  consumed: 1,
  /** Set by the importing thread: stop reading (cancel, or the import failed). */
  stop: 2,
  /** Rows of the file the worker has read so far: progress while the writer waits for a batch. */
  rowsRead: 3,
} as const;
export const FLAG_SLOTS = 4;

/** Batches read ahead of the writer at most (each ~4,000 rows). */
export const MAX_IN_FLIGHT = 6;

export type ParseMessage =
  | { type: 'batch'; batch: RecordBatch }
  | { type: 'done'; result: ParseResult }
  | { type: 'error'; error: { user: true; key: string; zh: string; en: string; details: Record<string, unknown> | undefined } | { user: false; message: string } };
