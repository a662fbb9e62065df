// How the renderer reaches the engine, whichever front door it runs behind: the Electron bridge
// (desktop) or HTTP to `recondesk serve` (browser mode).
import type { ProgressEvent } from '../../../shared/contract';
import type { ErrorPayload } from '../../../shared/errors';

export type CommandResponse =
  | { ok: true; value: unknown; outputs?: OutputFile[] }
  | { ok: false; error: ErrorPayload; outputs?: OutputFile[] };

export interface OutputFile {
  id: string;
  name: string;
}

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

export interface FrontDoor {
  kind: 'desktop' | 'browser';
  invoke(name: string, input: unknown, options?: { requestId?: string; onProgress?: (e: ProgressEvent) => void }): Promise<CommandResponse>;
  cancel(requestId: string): Promise<void>;
  session(): Promise<SessionInfo>;
  /** Browser mode names the workspace; the desktop shows a native dialog and ignores the name. */
  createWorkspace(name: string): Promise<Result<SessionInfo>>;
  openWorkspace(name: string): Promise<Result<SessionInfo>>;
  /** Files from a file input or a drop. */
  addFiles(files: File[], onProgress?: (sent: number, total: number) => void): Promise<Result<ChosenFile[]>>;
  /** Native open dialog (desktop only). */
  chooseFiles?(): Promise<ChosenFile[]>;
  saveOutput(file: OutputFile): Promise<void>;
  /** Desktop: print the page to a PDF through Chromium and save it with a native dialog. */
  printToPdf?(defaultName: string): Promise<boolean>;
  /** Native menu actions (desktop only). */
  onMenu?(listener: (action: string) => void): () => void;
}

/** What the desktop preload exposes as window.recondesk (kept in step with electron/preload/api.ts by a test). */
export interface DesktopBridge {
  invoke(name: string, input: unknown, requestId?: string): Promise<CommandResponse>;
  cancel(requestId: string): void;
  onProgress(listener: (requestId: string, event: ProgressEvent) => void): () => void;
  session(): Promise<SessionInfo>;
  newWorkspace(): Promise<Result<SessionInfo>>;
  openWorkspace(): Promise<Result<SessionInfo>>;
  chooseFiles(): Promise<ChosenFile[]>;
  droppedFiles(files: File[]): Promise<ChosenFile[]>;
  saveOutput(id: string, name: string): Promise<boolean>;
  printToPdf(defaultName: string): Promise<boolean>;
  onMenu(listener: (action: string) => void): () => void;
}
