import type { z } from 'zod';

/**
 * One command of the contract: its input schema (validated by the engine on every call, whatever the
 * front door), whether it writes, and its output type (a type only: outputs come from our own code).
 */
export interface CommandSpec<I extends z.ZodType, O> {
  kind: 'read' | 'write';
  input: I;
  /** Long commands report progress events and may be cancelled. */
  long?: boolean;
  /** Phantom field carrying the output type; never set at run time. */
  readonly output?: O;
}

export function command<O>() {
  return <I extends z.ZodType>(spec: { kind: 'read' | 'write'; input: I; long?: boolean }): CommandSpec<I, O> => spec;
}

/** A file the user chose, as the front door knows it: an upload id (browser) or a dialog token (desktop). */
export type FileRef = string;

export interface ProgressEvent {
  command: string;
  phase: string;
  done: number;
  total: number | null;
  /** Units per second so far. */
  rate: number | null;
  /** Seconds left, when total is known. */
  etaSeconds: number | null;
  message?: string;
}
