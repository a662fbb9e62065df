// Messages between a front door (browser-mode server, Electron main) and the engine running in its own
// thread or process. Plain structured-clone data only, so the same loop serves worker_threads and
// Electron's utilityProcess.
import type { ProgressEvent } from '../../../shared/contract';
import type { DispatchResult } from '../dispatch';

/** A file the engine wrote for the user (an export); the front door offers it for download or saving. */
export interface EngineOutput {
  id: string;
  name: string;
  path: string;
}

export type HostToEngine =
  /**
   * `cancelFlag`: one Int32 the front door sets to 1 to cancel. A synchronous import never yields to
   * the message loop, so a 'cancel' message would arrive after it finished; shared memory is read
   * by the import between chunks (through ctx.signal).
   */
  | { type: 'call'; id: number; command: string; input: unknown; cancelFlag?: SharedArrayBuffer }
  | { type: 'cancel'; id: number }
  /** A file the user chose (upload or dialog), known to the engine under an opaque ref from now on. */
  | { type: 'file'; ref: string; path: string; name: string }
  | { type: 'close' };

export type EngineToHost =
  | { type: 'ready'; workspacePath: string }
  | { type: 'failed'; error: DispatchResult & { ok: false } }
  | { type: 'progress'; id: number; event: ProgressEvent }
  | { type: 'output'; id: number; output: EngineOutput }
  | { type: 'result'; id: number; result: DispatchResult }
  | { type: 'closed' };

export interface EngineStartOptions {
  workspacePath: string;
  /** Folder where exports are written before the front door hands them to the user. */
  outputDir: string;
  /** A second engine that only answers read commands while the first one imports (SQLite WAL readers). */
  readonly?: boolean;
}

/** What a front door gets back for one command: the dispatch result plus any files it wrote. */
export type { CommandResponse } from '../../../shared/front-door';
