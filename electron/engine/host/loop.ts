// The engine's message loop, independent of the transport: opens the workspace, runs commands through
// dispatch, streams progress, honours cancellation. worker.ts (worker_threads) and process.ts (Electron
// utilityProcess) only connect it to their channel.
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressEvent } from '../../../shared/contract';
import { dispatch } from '../dispatch';
import { prewarmParseWorker } from '../import/parallel';
import { toErrorPayload, UserError } from '../errors';
import type { EngineContext } from '../handlers/types';
import { checkpointWorkspace, openWorkspace, type Workspace } from '../workspace/db';
import { safeFileName } from './file-name';
import type { EngineStartOptions, EngineToHost, HostToEngine } from './protocol';

/** Progress is throttled per command so a fast loop does not flood the channel; the last event always goes. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * An AbortSignal that also reads as aborted once the front door sets the shared flag, so synchronous
 * code checking `signal.aborted` sees a cancel that no message could deliver while it runs.
 */
export function sharedAbortSignal(controller: AbortController, flag: Int32Array): AbortSignal {
  const signal = controller.signal;
  const isSet = () => Atomics.load(flag, 0) === 1;
  Object.defineProperty(signal, 'aborted', { get: () => isSet() || signal.reason !== undefined });
  Object.defineProperty(signal, 'throwIfAborted', {
    value: () => {
      if (isSet() && signal.reason === undefined) controller.abort();
      if (signal.reason !== undefined) throw signal.reason;
    },
  });
  return signal;
}

function prewarmFor(path: string): void {
  try {
    prewarmParseWorker(statSync(path).size);
  } catch {
    // Unreadable now: the import itself will say so.
  }
}

export interface EngineLoop {
  handle(message: HostToEngine): void;
}

export function startEngineLoop(options: EngineStartOptions, post: (m: EngineToHost) => void, exit: () => void): EngineLoop | undefined {
  let workspace: Workspace;
  try {
    workspace = openWorkspace(options.workspacePath, { create: !options.readonly, readonly: options.readonly ?? false });
  } catch (e) {
    post({ type: 'failed', error: { ok: false, error: toErrorPayload(e) } });
    return undefined;
  }
  const files = new Map<string, { path: string; name: string }>();
  const running = new Map<number, AbortController>();
  post({ type: 'ready', workspacePath: workspace.path });

  async function call(id: number, command: string, input: unknown, cancelFlag: SharedArrayBuffer | undefined) {
    const controller = new AbortController();
    running.set(id, controller);
    const signal = cancelFlag ? sharedAbortSignal(controller, new Int32Array(cancelFlag)) : controller.signal;
    let lastSent = 0;
    let phase = '';
    let phaseStart = Date.now();
    const ctx: EngineContext = {
      workspace,
      resolveFile(ref) {
        const f = files.get(ref);
        if (!f) throw new UserError('file.unknown_ref', '找不到所选文件，请重新选择。', 'The chosen file is no longer available; choose it again.', { ref });
        return f;
      },
      outputPath(fileName) {
        const outId = randomBytes(9).toString('hex');
        const dir = join(options.outputDir, outId);
        mkdirSync(dir, { recursive: true });
        const name = safeFileName(fileName);
        const path = join(dir, name);
        post({ type: 'output', id, output: { id: outId, name, path } });
        return path;
      },
      progress(event) {
        const now = Date.now();
        if (event.phase !== phase) {
          phase = event.phase;
          phaseStart = now;
        }
        const last = event.total !== null && event.done >= event.total;
        if (!last && now - lastSent < PROGRESS_INTERVAL_MS) return;
        lastSent = now;
        // Handlers report counts; rate and time left are derived here once for every command.
        const seconds = (now - phaseStart) / 1000;
        const rate = event.rate ?? (seconds > 0.2 ? event.done / seconds : null);
        const etaSeconds = event.etaSeconds ?? (rate && event.total !== null ? Math.max(0, (event.total - event.done) / rate) : null);
        const full: ProgressEvent = { command, ...event, rate, etaSeconds };
        post({ type: 'progress', id, event: full });
      },
      signal,
    };
    try {
      const result = await dispatch(ctx, command, input);
      post({ type: 'result', id, result });
      // An import commits without checkpointing (import/pipeline.ts); with its summary on the way to
      // the user, fold its WAL into the workspace file before the next command has to.
      if ((command === 'import.file' || command === 'bank.import') && !options.readonly) setImmediate(() => checkpointWorkspace(workspace.db));
    } finally {
      running.delete(id);
    }
  }

  return {
    handle(message) {
      switch (message.type) {
        case 'call':
          void call(message.id, message.command, message.input, message.cancelFlag);
          break;
        case 'cancel':
          running.get(message.id)?.abort();
          break;
        case 'file':
          files.set(message.ref, { path: message.path, name: message.name });
          // The user just chose this file, to preview and import it: for a big one, the writer starts
          // its parse worker now, so that the worker's start-up is over by the time the import begins.
          if (!options.readonly) prewarmFor(message.path);
          break;
        case 'close':
          for (const c of running.values()) c.abort();
          workspace.db.close();
          post({ type: 'closed' });
          exit();
          break;
      }
    },
  };
}
