// Reading a bill from disk for an import. The bytes go into shared memory, so that a parse worker
// (parallel.ts) reads the very same bytes instead of a second 100+ MB copy.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export function readFileShared(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const n = readSync(fd, bytes, at, Math.min(size - at, 1 << 30), at);
      if (n === 0) break;
      at += n;
    }
    // A file that shrank while being read: what was there.
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}
