// Exports are written next to their destination under a temporary name, flushed to disk and renamed
// into place, so a crash, a full disk or a cancelled export never leaves a half-written statement that
// someone might send to a channel. The SHA-256 of what was written is computed on the way.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors';

export interface WrittenFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** `.<name>.<pid>-<8 hex>.tmp`: the temporary name of an export in progress (see AtomicFile). */
const TEMP_NAME = /^\.(.+)\.(\d{1,10})-([0-9a-f]{8})\.tmp$/;

export class AtomicFile {
  readonly path: string;
  readonly tempPath: string;
  private fd: number | null;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private written: WrittenFile | null = null;
  /** Where place() kept the file it replaced, until finish() or unplace(). */
  private previous: string | null = null;
  private state: 'writing' | 'sealed' | 'placed' | 'done' = 'writing';

  constructor(path: string) {
    const dir = dirname(path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UserError('export.no_folder', `导出目录不存在：${dir}`, `The folder to export into does not exist: ${dir}`, { path });
    }
    removeAbandonedTempFiles(dir);
    this.path = path;
    this.tempPath = tempNameFor(path);
    try {
      this.fd = openSync(this.tempPath, 'wx');
    } catch (e) {
      throw new UserError('export.cannot_write', `无法在 ${dir} 写入文件：${(e as Error).message}`, `Cannot write a file in ${dir}: ${(e as Error).message}`, { path });
    }
  }

  write(chunk: Uint8Array): void {
    if (this.fd === null) throw new Error('write after the file was sealed or aborted');
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(this.fd, chunk, offset, chunk.length - offset);
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }

  /** Flushes the temporary file to disk and closes it; the destination is not touched yet. */
  seal(): WrittenFile {
    if (this.state === 'sealed' && this.written) return this.written;
    if (this.state !== 'writing' || this.fd === null) throw new Error('seal after the file was placed or aborted');
    const fd = this.fd;
    this.fd = null;
    try {
      fsyncSync(fd);
      closeSync(fd);
    } catch (e) {
      this.abort();
      throw this.cannotWrite(e);
    }
    this.state = 'sealed';
    this.written = { path: this.path, sha256: this.hash.digest('hex'), bytes: this.bytes };
    return this.written;
  }

  /**
   * Renames the sealed file over `path`. An older file of that name is kept under a hidden name
   * until finish() (or put back by unplace()), so a caller whose own commit fails after the rename
   * can leave the folder as it was.
   */
  place(): void {
    if (this.state !== 'sealed') throw new Error('place before seal, or twice');
    try {
      this.previous = keepPrevious(this.path);
      renameSync(this.tempPath, this.path);
    } catch (e) {
      // The rename failed: the older file is still in place, the kept link is not needed.
      if (this.previous !== null) try { unlinkSync(this.previous); } catch { /* already gone */ }
      this.previous = null;
      this.abort();
      throw this.cannotWrite(e);
    }
    this.state = 'placed';
  }

  /** Takes a placed file back out: the file it replaced (if any) is back under its name. */
  unplace(): void {
    if (this.state !== 'placed') return;
    this.state = 'done';
    try {
      // Renaming the kept file back replaces the new one in one step.
      if (this.previous !== null) renameSync(this.previous, this.path);
      else unlinkSync(this.path);
    } catch {
      // The older file cannot be put back: at least take the new one out.
      try { unlinkSync(this.path); } catch { /* already gone */ }
    }
    this.previous = null;
  }

  /** The placed file stays: drops the kept older file and makes the rename durable. */
  finish(): WrittenFile {
    if (this.state !== 'placed' || !this.written) throw new Error('finish before place');
    this.state = 'done';
    if (this.previous !== null) {
      try { unlinkSync(this.previous); } catch { /* removed by someone else; nothing to keep */ }
      this.previous = null;
    }
    syncFolder(dirname(this.path));
    return this.written;
  }

  /** Flushes, renames over `path` (replacing an older export of the same name) and syncs the folder. */
  commit(): WrittenFile {
    this.seal();
    this.place();
    return this.finish();
  }

  /** Removes the temporary file; the destination is untouched. Safe to call more than once. */
  abort(): void {
    if (this.state === 'placed' || this.state === 'done') return;
    if (this.fd !== null) {
      try { closeSync(this.fd); } catch { /* closing is best effort here */ }
      this.fd = null;
    }
    try { unlinkSync(this.tempPath); } catch { /* never created or already removed */ }
  }

  private cannotWrite(e: unknown): UserError {
    return new UserError('export.cannot_write', `无法写入 ${this.path}：${(e as Error).message}`, `Cannot write ${this.path}: ${(e as Error).message}`, { path: this.path });
  }
}

function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Keeps the file at `path` (if any) under a hidden temporary name by a hard link, so that it can be
 * put back. Where the file system has no hard links the older file is simply replaced.
 */
function keepPrevious(path: string): string | null {
  if (!existsSync(path)) return null;
  const kept = tempNameFor(path);
  try {
    linkSync(path, kept);
    return kept;
  } catch {
    return null;
  }
}

/**
 * An export killed while writing (power cut, kill -9, crash) leaves its hidden temporary file
 * behind. The next export into the folder removes such files: only names of exactly the pattern
 * AtomicFile writes, only regular files, and only when the process named in the name is gone, or
 * started after the file was last written (its id was reused). Anything else is left alone.
 */
export function removeAbandonedTempFiles(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isFile() || !writerIsGone(Number(m[2]), st.mtimeMs)) continue;
      unlinkSync(path);
      removed.push(name);
    } catch {
      // Removed meanwhile, or not ours to remove: leave it.
    }
  }
  return removed;
}

function writerIsGone(pid: number, writtenAtMs: number): boolean {
  if (pid === process.pid) return writtenAtMs < Date.now() - process.uptime() * 1000;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // ESRCH: no such process. EPERM: it runs, under another user.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const started = processStartMs(pid);
  return started !== null && writtenAtMs < started;
}

/**
 * When a process started, from /proc (Linux): its start in clock ticks after boot, and the boot time.
 * Null where there is no /proc; a running process is then taken to be the writer.
 */
function processStartMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; starttime is field 22.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!boot || !Number.isFinite(ticks)) return null;
    return Number(boot[1]) * 1000 + (ticks / CLOCK_TICKS_PER_SECOND) * 1000;
  } catch {
    return null;
  }
}

/** USER_HZ, 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

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
