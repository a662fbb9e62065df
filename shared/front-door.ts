// What crosses between the renderer and the front door it runs behind (the Electron bridge on the
// desktop, HTTP to `recondesk serve` in browser mode), beside the command contract itself.
import type { ProgressEvent } from './contract';
import type { ErrorPayload } from './errors';

/** A file the engine wrote (an export), offered for download or saving. */
export interface OutputFile {
  id: string;
  name: string;
}

export type CommandResponse =
  | { ok: true; value: unknown; outputs?: OutputFile[] }
  | { ok: false; error: ErrorPayload; outputs?: OutputFile[] };

/** A file the user chose; `ref` is what commands take as a FileRef. */
export interface ChosenFile {
  ref: string;
  name: string;
  size: number;
}

export interface SessionInfo {
  workspace: string | null;
  /** Browser mode: the folder workspaces are created in, and those already there. */
  workspaceDir?: string;
  workspaces?: string[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/**
 * What the desktop preload exposes as window.recondesk. `F` is the DOM's File (shared/ is compiled
 * without the DOM library).
 */
export interface DesktopBridge<F> {
  invoke(name: string, input: unknown, requestId?: string): Promise<CommandResponse>;
  cancel(requestId: string): void;
  onProgress(listener: (requestId: string, event: ProgressEvent) => void): () => void;
  session(): Promise<SessionInfo>;
  newWorkspace(): Promise<Result<SessionInfo>>;
  openWorkspace(): Promise<Result<SessionInfo>>;
  chooseFiles(): Promise<ChosenFile[]>;
  droppedFiles(files: F[]): Promise<ChosenFile[]>;
  saveOutput(id: string, name: string): Promise<boolean>;
  /** Prints the window (print media: the statement sheet) to a PDF the user saves with a native dialog. */
  printToPdf(defaultName: string): Promise<boolean>;
  onMenu(listener: (action: string) => void): () => void;
}
