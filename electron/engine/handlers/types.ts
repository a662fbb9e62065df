import type { CommandName, Contract } from '../../../shared/contract';
import type { ProgressEvent } from '../../../shared/contract/define';
import type { z } from 'zod';
import type { Workspace } from '../workspace/db';

export interface EngineContext {
  workspace: Workspace;
  /** Turns a FileRef from the front door into a local path (upload id, dialog token, CLI path). */
  resolveFile(ref: string): { path: string; name: string };
  /** Where a front door wants exported files written; returns the path to write. */
  outputPath(fileName: string): string;
  progress(event: Omit<ProgressEvent, 'command'>): void;
  /** Set when the user cancelled; long commands check it between chunks. */
  signal: AbortSignal;
}

export type Handler<N extends CommandName> = (
  ctx: EngineContext,
  input: z.output<Contract[N]['input']>,
) => Promise<import('../../../shared/contract').CommandOutput<N>> | import('../../../shared/contract').CommandOutput<N>;

export type HandlerMap<K extends CommandName> = { [N in K]: Handler<N> };
