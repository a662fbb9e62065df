// Picks the front door and offers typed calls over the contract. A failed call throws EngineError with
// the engine's bilingual message.
import type { CommandInput, CommandName, CommandOutput, ProgressEvent } from '../../../shared/contract';
import type { ErrorPayload } from '../../../shared/errors';
import { bridgeFrontDoor } from './bridge';
import { httpFrontDoor } from './browser';
import type { DesktopBridge, FrontDoor, OutputFile } from './types';

export class EngineError extends Error {
  constructor(readonly payload: ErrorPayload) {
    super(payload.type === 'user' ? payload.message.en : payload.message);
  }
}

declare global {
  interface Window {
    recondesk?: DesktopBridge;
  }
}

function tokenFromPage(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) sessionStorage.setItem('recondesk.token', fromUrl);
  return fromUrl ?? sessionStorage.getItem('recondesk.token') ?? '';
}

let door: FrontDoor | undefined;

export function frontDoor(): FrontDoor {
  door ??= window.recondesk ? bridgeFrontDoor(window.recondesk) : httpFrontDoor(tokenFromPage());
  return door;
}

export interface CallOptions {
  requestId?: string;
  onProgress?: (e: ProgressEvent) => void;
  /** Receives files the command wrote (exports). */
  onOutputs?: (files: OutputFile[]) => void;
}

export async function call<N extends CommandName>(name: N, input: CommandInput<N>, options: CallOptions = {}): Promise<CommandOutput<N>> {
  const r = await frontDoor().invoke(name, input, options);
  if (r.outputs && r.outputs.length > 0) options.onOutputs?.(r.outputs);
  if (!r.ok) throw new EngineError(r.error);
  return r.value as CommandOutput<N>;
}
