// Paths never come from the renderer: files the user picked in a native dialog or dropped on the
// window are approved here, per window, and the renderer only ever holds an opaque token for them.
import { randomBytes } from 'node:crypto';

export interface ApprovedFile {
  token: string;
  path: string;
  name: string;
  size: number;
}

export class FileApprovals {
  private readonly byToken = new Map<string, ApprovedFile>();

  approve(path: string, name: string, size: number): ApprovedFile {
    const file = { token: `file-${randomBytes(12).toString('hex')}`, path, name, size };
    this.byToken.set(file.token, file);
    return file;
  }

  get(token: string): ApprovedFile | undefined {
    return this.byToken.get(token);
  }

  all(): ApprovedFile[] {
    return [...this.byToken.values()];
  }
}
