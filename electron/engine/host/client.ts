// The front door's side of the engine channel: numbers calls, routes progress and outputs to the
// caller, and turns a dead engine into an error for every pending call instead of a hang.
import type { ProgressEvent } from '../../../shared/contract';
import type { ErrorPayload } from '../../../shared/errors';
import type { CommandResponse, EngineOutput, EngineToHost, HostToEngine } from './protocol';

export interface EngineTransport {
  post(message: HostToEngine): void;
  onMessage(listener: (message: EngineToHost) => void): void;
  /** Called once when the thread/process ends for any reason. */
  onExit(listener: (code: number) => void): void;
  kill(): void;
  /** The engine shares memory with us (same process): cancellation can reach a synchronous command. */
  sharedMemory: boolean;
}

interface Pending {
  cancelFlag?: Int32Array;
  onProgress?: (event: ProgressEvent) => void;
  outputs: EngineOutput[];
  resolve: (r: CommandResponse) => void;
}

export interface CallOptions {
  onProgress?: (event: ProgressEvent) => void;
  /** Receives, as soon as the call is sent, the function that cancels it. */
  onCancelable?: (cancel: () => void) => void;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Files the engine wrote, by output id; the front door serves or saves them. */
  readonly outputs = new Map<string, EngineOutput>();
  readonly ready: Promise<{ workspacePath: string }>;
  private exited = false;
  private closed?: () => void;

  constructor(private readonly transport: EngineTransport) {
    this.ready = new Promise((resolve, reject) => {
      transport.onMessage((m) => {
        switch (m.type) {
          case 'ready':
            resolve({ workspacePath: m.workspacePath });
            break;
          case 'failed':
            reject(new EngineStartError(m.error.error));
            break;
          case 'progress':
            this.pending.get(m.id)?.onProgress?.(m.event);
            break;
          case 'output':
            this.outputs.set(m.output.id, m.output);
            this.pending.get(m.id)?.outputs.push(m.output);
            break;
          case 'result': {
            const p = this.pending.get(m.id);
            this.pending.delete(m.id);
            if (!p) break;
            const outputs = p.outputs.map((o) => ({ id: o.id, name: o.name }));
            p.resolve(outputs.length > 0 ? { ...m.result, outputs } : m.result);
            break;
          }
          case 'closed':
            this.closed?.();
            break;
        }
      });
      transport.onExit((code) => {
        this.exited = true;
        reject(new EngineStartError({ type: 'internal', message: `engine exited (${code})` }));
        for (const p of this.pending.values()) {
          p.resolve({ ok: false, error: { type: 'internal', message: `The engine stopped unexpectedly (exit code ${code}).` } });
        }
        this.pending.clear();
        this.closed?.();
      });
    });
    // A failed start is reported through ready; keep Node from flagging it as unhandled meanwhile.
    this.ready.catch(() => undefined);
  }

  call(command: string, input: unknown, options: CallOptions = {}): Promise<CommandResponse> {
    if (this.exited) return Promise.resolve({ ok: false, error: { type: 'internal', message: 'The engine is not running.' } });
    const id = this.nextId++;
    const shared = this.transport.sharedMemory ? new SharedArrayBuffer(4) : undefined;
    return new Promise((resolve) => {
      this.pending.set(id, { onProgress: options.onProgress, outputs: [], resolve, cancelFlag: shared ? new Int32Array(shared) : undefined });
      this.transport.post({ type: 'call', id, command, input, ...(shared ? { cancelFlag: shared } : {}) });
      options.onCancelable?.(() => this.cancel(id));
    });
  }

  cancel(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    if (p.cancelFlag) Atomics.store(p.cancelFlag, 0, 1);
    this.transport.post({ type: 'cancel', id });
  }

  registerFile(ref: string, path: string, name: string): void {
    this.transport.post({ type: 'file', ref, path, name });
  }

  /** Closes the workspace cleanly; kills the engine if it does not answer in time. */
  close(timeoutMs = 5000): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.transport.kill();
        resolve();
      }, timeoutMs);
      this.closed = () => {
        clearTimeout(timer);
        resolve();
      };
      this.transport.post({ type: 'close' });
    });
  }
}

export class EngineStartError extends Error {
  constructor(readonly payload: ErrorPayload) {
    super(payload.type === 'user' ? payload.message.en : payload.message);
  }
}
