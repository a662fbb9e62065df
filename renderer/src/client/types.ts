// How the renderer reaches the engine, whichever front door it runs behind: the Electron bridge
// (desktop) or HTTP to `recondesk serve` (browser mode).
import type { ProgressEvent } from '../../../shared/contract';
import type { ChosenFile, CommandResponse, DesktopBridge as SharedBridge, OutputFile, Result, SessionInfo } from '../../../shared/front-door';

export type { ChosenFile, CommandResponse, OutputFile, Result, SessionInfo } from '../../../shared/front-door';

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

/** What the desktop preload exposes as window.recondesk. */
export type DesktopBridge = SharedBridge<File>;
