// One daily run per inbox at a time, even when cron and a colleague start it together: the lock is a
// file created with O_EXCL (atomic on local disks and SMB/NFS shares alike), holding the owner's pid
// and host. A lock left by a run that died (same host, pid no longer alive) is taken over; a lock of
// another machine is only taken over when it is older than STALE_FOREIGN_MS, since its pid cannot be
// checked from here.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { UserError } from '../errors';

export const LOCK_NAME = '.recondesk-run.lock';
const STALE_FOREIGN_MS = 12 * 3_600_000;

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') return { pid: parsed.pid, host: parsed.host, startedAt: String(parsed.startedAt ?? '') };
  } catch {
    // Unreadable or half-written by a run that died while creating it.
  }
  return null;
}

function isStale(path: string, owner: LockOwner | null): boolean {
  if (owner === null) {
    // A lock without a readable owner: stale once it is older than a few seconds (its writer died).
    try {
      return Date.now() - statSync(path).mtimeMs > 10_000;
    } catch {
      return true;
    }
  }
  if (owner.host === hostname()) return owner.pid !== process.pid && !pidAlive(owner.pid);
  try {
    return Date.now() - statSync(path).mtimeMs > STALE_FOREIGN_MS;
  } catch {
    return true;
  }
}

export interface RunLock {
  path: string;
  /** True when a dead run's lock was taken over. */
  tookOver: boolean;
  release(): void;
}

export function acquireLock(path: string): RunLock {
  let tookOver = false;
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readOwner(path);
      if (attempt === 0 && isStale(path, owner)) {
        try { unlinkSync(path); } catch { /* another run removed it first; the next open decides */ }
        tookOver = true;
        continue;
      }
      throw new UserError(
        'inbox.locked',
        `另一个对账任务正在处理此收件箱（进程 ${owner?.pid ?? '?'}，主机 ${owner?.host ?? '?'}，开始于 ${owner?.startedAt ?? '?'}）。本次未做任何处理。`,
        `Another run is processing this inbox (pid ${owner?.pid ?? '?'} on ${owner?.host ?? '?'}, started ${owner?.startedAt ?? '?'}). Nothing was done.`,
        { lock: path, owner },
      );
    }
    const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    try {
      writeSync(fd, JSON.stringify(owner));
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      path,
      tookOver,
      release() {
        if (released) return;
        released = true;
        // Only remove our own lock: a run that judged us dead may have replaced it.
        if (readOwner(path)?.pid === process.pid) {
          try { unlinkSync(path); } catch { /* already gone */ }
        }
      },
    };
  }
  throw new Error('lock acquisition loop ended without a decision');
}
