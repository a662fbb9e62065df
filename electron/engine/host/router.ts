// Two engines on one workspace: the writer runs every command that changes data (one writer, as
// SQLite wants), the reader answers read commands meanwhile, so the dashboard and previews stay live
// during a long import (WAL lets readers see the last committed state while a write is in progress).
import { CONTRACT, isCommandName } from '../../../shared/contract';
import type { CallOptions, EngineClient } from './client';
import type { CommandResponse, EngineOutput } from './protocol';

export class EngineRouter {
  constructor(readonly writer: EngineClient, readonly reader: EngineClient) {}

  get ready(): Promise<unknown> {
    return Promise.all([this.writer.ready, this.reader.ready]);
  }

  call(command: string, input: unknown, options: CallOptions = {}): Promise<CommandResponse> {
    const read = isCommandName(command) && CONTRACT[command].kind === 'read';
    return (read ? this.reader : this.writer).call(command, input, options);
  }

  registerFile(ref: string, path: string, name: string): void {
    this.writer.registerFile(ref, path, name);
    this.reader.registerFile(ref, path, name);
  }

  output(id: string): EngineOutput | undefined {
    return this.writer.outputs.get(id) ?? this.reader.outputs.get(id);
  }

  async close(): Promise<void> {
    await Promise.all([this.reader.close(), this.writer.close()]);
  }
}
