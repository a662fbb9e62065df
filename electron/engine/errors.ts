import type { ErrorPayload, UserErrorPayload } from '../../shared/errors';

/** A failure the user can act on. Messages are written for a finance clerk, in Chinese and English. */
export class UserError extends Error {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(key: string, zh: string, en: string, details?: Record<string, unknown>) {
    super(zh);
    this.name = 'UserError';
    this.key = key;
    this.zh = zh;
    this.en = en;
    this.details = details;
  }

  toPayload(): UserErrorPayload {
    return { type: 'user', key: this.key, message: { zh: this.zh, en: this.en }, ...(this.details ? { details: this.details } : {}) };
  }
}

// ---- I/O failures in words ----------------------------------------------------------------------
// The disk, the file system and SQLite's locks fail in a handful of ways a clerk can do something
// about. Each gets its own sentence — what happened, what was kept, what to do — instead of the raw
// driver text. What was kept is the same for all of them: every write of the workspace is one
// transaction (an import, a match run, a resolution) and every exported file is written to a temporary
// name and renamed into place, so the step that failed left nothing half-written.

const KEPT = {
  zh: '失败的这一步没有留下任何半成品；此前已完成的步骤都已保存。',
  en: 'The step that failed left nothing half-written; every step completed before it is saved.',
};

const NOTHING = { zh: '未做任何改动。', en: 'Nothing was changed.' };

interface IoFailure {
  key: string;
  /** `kept`: what was kept, KEPT unless nothing was attempted. */
  zh: (where: string, kept?: string) => string;
  en: (where: string, kept?: string) => string;
}

const SQLITE_FAILURES: Record<string, IoFailure> = {
  SQLITE_BUSY: {
    key: 'io.workspace_busy',
    zh: (w) => `工作区${w}正被另一个程序写入（另一个对账任务、命令或 ReconDesk 窗口），等待后仍未释放。${KEPT.zh}请等它完成后再试一次。`,
    en: (w) => `The workspace${w} is being written by another program (another run, command or ReconDesk window) and was not released in time. ${KEPT.en} Try again once it has finished.`,
  },
  SQLITE_FULL: {
    key: 'io.disk_full',
    zh: (w) => `工作区${w}所在的磁盘已满，无法写入。${KEPT.zh}请清理磁盘空间（或把工作区移到空间充足的磁盘）后再试一次。`,
    en: (w) => `The disk holding the workspace${w} is full. ${KEPT.en} Free some disk space (or move the workspace to a larger disk) and try again.`,
  },
  // The -shm file could not grow: on a full disk, SQLite says so only in this extended code.
  SQLITE_IOERR_SHMSIZE: {
    key: 'io.disk_full',
    zh: (w) => `工作区${w}所在的磁盘已满，无法打开或写入。${KEPT.zh}请清理磁盘空间（或把工作区移到空间充足的磁盘）后再试一次。`,
    en: (w) => `The disk holding the workspace${w} is full; it cannot be opened or written. ${KEPT.en} Free some disk space (or move the workspace to a larger disk) and try again.`,
  },
  SQLITE_IOERR: {
    key: 'io.disk_error',
    zh: (w) => `读写工作区${w}所在的磁盘时出错（磁盘可能已满、已断开或损坏）。${KEPT.zh}请检查磁盘或网络共享后再试一次；如反复出现，请从备份恢复。`,
    en: (w) => `Reading or writing the disk of the workspace${w} failed (the disk may be full, disconnected or failing). ${KEPT.en} Check the disk or network share and try again; if it keeps happening, restore from a backup.`,
  },
  SQLITE_CANTOPEN: {
    key: 'workspace.cannot_open',
    zh: (w) => `无法打开工作区${w}：文件或其所在文件夹无法访问，或文件夹是只读的而工作区旁的 -wal/-shm 文件无法建立。未做任何改动。请检查路径和权限，或把工作区复制到可写的文件夹。`,
    en: (w) => `Cannot open the workspace${w}: the file or its folder cannot be accessed, or the folder is read-only and the -wal/-shm files beside the workspace cannot be created. Nothing was changed. Check the path and permissions, or copy the workspace to a writable folder.`,
  },
  SQLITE_READONLY: {
    key: 'workspace.read_only',
    zh: (w, kept = KEPT.zh) => `工作区是只读的${w ? `（${w.trim()}）` : ''}，无法写入。${kept}查看类命令（files、report、status、records、diffs）仍可使用；要写入，请把文件或其所在文件夹改为可写，或复制到可写的位置。`,
    en: (w, kept = KEPT.en) => `The workspace is read-only${w ? ` (${w.trim()})` : ''}; nothing can be written to it. ${kept} Reading commands (files, report, status, records, diffs) still work; to write, make the file and its folder writable, or copy it somewhere writable.`,
  },
};

const FILE_FAILURES: Record<string, IoFailure> = {
  ENOSPC: {
    key: 'io.disk_full',
    zh: (w) => `磁盘已满，无法写入${w}。${KEPT.zh}请清理磁盘空间后再试一次。`,
    en: (w) => `The disk is full; could not write${w}. ${KEPT.en} Free some disk space and try again.`,
  },
  EACCES: {
    key: 'io.permission_denied',
    zh: (w) => `没有权限访问${w}。${KEPT.zh}请检查该文件及其所在文件夹的权限，或换一个位置。`,
    en: (w) => `Permission denied for${w}. ${KEPT.en} Check the permissions of the file and its folder, or choose another location.`,
  },
  EROFS: {
    key: 'io.read_only_disk',
    zh: (w) => `${w ? w.trim() + ' ' : '目标'}所在的磁盘或共享是只读的，无法写入。${KEPT.zh}请选择可写的位置。`,
    en: (w) => `The disk or share of${w || ' the target'} is mounted read-only; nothing can be written there. ${KEPT.en} Choose a writable location.`,
  },
};
FILE_FAILURES.EPERM = FILE_FAILURES.EACCES!;

/**
 * An export is written to ".NAME.PID-HEX.tmp" beside its destination and renamed into place
 * (statement/atomic-file.ts): a failure while writing it names the destination the user asked for.
 */
function writtenFile(path: string | undefined): string | undefined {
  const temp = path === undefined ? null : /^(.*[\\/])?\.(.+)\.\d+-[0-9a-f]+\.tmp$/.exec(path);
  return temp ? `${temp[1] ?? ''}${temp[2]}` : path;
}

/** SQLite's extended codes ("SQLITE_BUSY_SNAPSHOT", "SQLITE_READONLY_DBMOVED") share their primary code's words. */
function sqlitePrimary(code: string): string {
  return code.split('_').slice(0, 2).join('_');
}

/**
 * The failure in words, or undefined when `e` is not one of the I/O failures above. `workspace`: the
 * workspace file, named in a SQLite failure (whose text never names it); `file`: the file being
 * written or read, for a file-system failure that does not carry its path (a failed write(2)).
 */
export function ioFailure(e: unknown, where: { workspace?: string; file?: string } = {}): UserError | undefined {
  const { workspace } = where;
  if (!(e instanceof Error)) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_')) {
    const failure = SQLITE_FAILURES[code] ?? SQLITE_FAILURES[sqlitePrimary(code)];
    if (!failure) return undefined;
    const w = workspace ? ` ${workspace}` : '';
    return new UserError(failure.key, failure.zh(w), failure.en(w), { code, ...(workspace ? { path: workspace } : {}) });
  }
  const failure = FILE_FAILURES[code];
  if (!failure) return undefined;
  const path = where.file ?? writtenFile((e as NodeJS.ErrnoException).path);
  const w = path ? ` ${path}` : '';
  return new UserError(failure.key, failure.zh(w), failure.en(w), { code, ...(path ? { path } : {}) });
}

/** The words of SQLITE_READONLY, for a command refused before it wrote anything. */
export function readOnlyWorkspace(path: string): UserError {
  const failure = SQLITE_FAILURES.SQLITE_READONLY!;
  return new UserError(failure.key, failure.zh(` ${path}`, NOTHING.zh), failure.en(` ${path}`, NOTHING.en), { path });
}

/** A UserError as it is, an I/O failure in words, anything else as the internal error it is. */
export function toErrorPayload(e: unknown, workspace?: string): ErrorPayload {
  if (e instanceof UserError) return e.toPayload();
  const io = ioFailure(e, { workspace });
  if (io) return io.toPayload();
  const message = e instanceof Error ? e.message : String(e);
  return { type: 'internal', message };
}
