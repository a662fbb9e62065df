// The difference list never holds all rows: it asks the engine for fixed-size pages (diffs.list offset /
// limit) covering what is on screen, keeps a bounded number of them, and forgets the ones farthest from
// the viewport. One instance serves one query (filters + sort); a new query gets a new instance.

export const PAGE_SIZE = 100;

export type FetchPage<T> = (offset: number, limit: number) => Promise<T[]>;

export class RowWindows<T> {
  private readonly pages = new Map<number, T[]>();
  private readonly pending = new Set<number>();
  private disposed = false;
  /** Pages requested from the engine over this instance's life (the bench and tests read it). */
  requests = 0;

  constructor(
    private readonly fetchPage: FetchPage<T>,
    private readonly onLoaded: () => void,
    private readonly onError: (e: unknown) => void,
    private readonly maxPages = 40,
    readonly pageSize = PAGE_SIZE,
  ) {}

  row(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** True when every row in [first, last] is in memory. */
  has(first: number, last: number): boolean {
    for (let p = Math.floor(first / this.pageSize); p <= Math.floor(last / this.pageSize); p++) {
      if (!this.pages.has(p)) return false;
    }
    return true;
  }

  /** Requests the pages covering rows [first, last] (clamped to total) that are neither loaded nor on their way. */
  ensure(first: number, last: number, total: number): void {
    if (this.disposed || total === 0) return;
    const lastRow = Math.min(last, total - 1);
    const from = Math.floor(Math.max(0, first) / this.pageSize);
    const to = Math.floor(lastRow / this.pageSize);
    for (let p = from; p <= to; p++) {
      if (this.pages.has(p) || this.pending.has(p)) continue;
      this.pending.add(p);
      this.requests++;
      this.fetchPage(p * this.pageSize, this.pageSize).then(
        (rows) => {
          this.pending.delete(p);
          if (this.disposed) return;
          this.pages.set(p, rows);
          this.evict(from, to);
          this.onLoaded();
        },
        (e: unknown) => {
          this.pending.delete(p);
          if (!this.disposed) this.onError(e);
        },
      );
    }
  }

  /** Rows loaded so far (a selection made of visible rows can only contain these). */
  loadedRows(): T[] {
    return [...this.pages.values()].flat();
  }

  get pageCount(): number {
    return this.pages.size;
  }

  /** Drops the pages farthest from the viewport once more than maxPages are held. */
  private evict(from: number, to: number): void {
    if (this.pages.size <= this.maxPages) return;
    const distance = (p: number) => (p < from ? from - p : p > to ? p - to : 0);
    const byDistance = [...this.pages.keys()].sort((a, b) => distance(b) - distance(a));
    for (const p of byDistance) {
      if (this.pages.size <= this.maxPages) break;
      if (distance(p) > 0) this.pages.delete(p);
    }
  }

  /** Later answers to this instance's requests are ignored (the query changed). */
  dispose(): void {
    this.disposed = true;
    this.pages.clear();
  }
}

/** Rows [first, last] to render for a scroll position, with a few extra above and below. */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 8): { first: number; last: number } {
  if (total === 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total - 1, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last };
}
