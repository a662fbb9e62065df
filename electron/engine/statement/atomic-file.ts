// Exports are written next to their destination under a temporary name, flushed to disk and renamed
// into place, so a crash, a full disk or a cancelled export never leaves a half-written statement that
// someone might send to a channel. The SHA-256 of what was written is computed on the way.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors';

export interface WrittenFile {
  path: string;
  sha256: string;
  bytes: number;
}

export class AtomicFile {
  readonly path: string;
  readonly tempPath: string;
  private fd: number | null;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  constructor(path: string) {
    const dir = dirname(path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UserError('export.no_folder', `导出目录不存在：${dir}`, `The folder to export into does not exist: ${dir}`, { path });
    }
    this.path = path;
    this.tempPath = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    try {
      this.fd = openSync(this.tempPath, 'wx');
    } catch (e) {
      throw new UserError('export.cannot_write', `无法在 ${dir} 写入文件：${(e as Error).message}`, `Cannot write a file in ${dir}: ${(e as Error).message}`, { path });
    }
  }

  write(chunk: Uint8Array): void {
    if (this.fd === null) throw new Error('write after the file was committed or aborted');
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(this.fd, chunk, offset, chunk.length - offset);
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }

  /** Flushes, renames over `path` (replacing an older export of the same name) and syncs the folder. */
  commit(): WrittenFile {
    if (this.fd === null) throw new Error('commit after the file was committed or aborted');
    const fd = this.fd;
    this.fd = null;
    try {
      fsyncSync(fd);
      closeSync(fd);
      renameSync(this.tempPath, this.path);
    } catch (e) {
      try { unlinkSync(this.tempPath); } catch { /* already gone */ }
      throw new UserError('export.cannot_write', `无法写入 ${this.path}：${(e as Error).message}`, `Cannot write ${this.path}: ${(e as Error).message}`, { path: this.path });
    }
    syncFolder(dirname(this.path));
    return { path: this.path, sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  /** Removes the temporary file; the destination is untouched. Safe to call more than once. */
  abort(): void {
    if (this.fd !== null) {
      try { closeSync(this.fd); } catch { /* closing is best effort here */ }
      this.fd = null;
    }
    try { unlinkSync(this.tempPath); } catch { /* never created or already removed */ }
  }
}

/** The rename is durable only once the folder entry is on disk (POSIX); Windows cannot open folders. */
function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported on this platform or file system; the data itself was already flushed.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): WrittenFile {
  const file = new AtomicFile(path);
  try {
    file.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    return file.commit();
  } catch (e) {
    file.abort();
    throw e;
  }
}
