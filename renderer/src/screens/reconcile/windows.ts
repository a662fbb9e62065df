// The difference list never holds all rows: it asks the engine for fixed-size pages (diffs.list offset /
// limit) covering what is on screen, keeps a bounded number of them, and forgets the ones farthest from
// the viewport. One instance serves one query (filters + sort); a new query gets a new instance.
//
// Requests go out at most `maxInFlight` at a time and only for pages the viewport still wants when a
// slot frees up: a fast scroll through 100,000 rows must not queue a thousand pages the user has long
// scrolled past in front of the engine's single reader.

export const PAGE_SIZE = 100;

export type FetchPage<T> = (offset: number, limit: number) => Promise<T[]>;

export class RowWindows<T> {
  private readonly pages = new Map<number, T[]>();
  private readonly pending = new Set<number>();
  private wanted = { from: 0, to: -1 };
  private total = 0;
  private disposed = false;
  /** Pages requested from the engine over this instance's life (tests read it). */
  requests = 0;

  constructor(
    private readonly fetchPage: FetchPage<T>,
    private readonly onLoaded: () => void,
    private readonly onError: (e: unknown) => void,
    private readonly options: { maxPages?: number; maxInFlight?: number; pageSize?: number } = {},
  ) {}

  get pageSize(): number {
    return this.options.pageSize ?? PAGE_SIZE;
  }

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

  /** The viewport now shows rows [first, last] of `total`: fetch what is missing there, nothing else. */
  ensure(first: number, last: number, total: number): void {
    if (this.disposed) return;
    this.total = total;
    const lastRow = Math.min(last, total - 1);
    this.wanted = lastRow < 0 ? { from: 0, to: -1 } : { from: Math.floor(Math.max(0, first) / this.pageSize), to: Math.floor(lastRow / this.pageSize) };
    this.pump();
  }

  /**
   * Rows known to exist before the count arrives: those of the pages loaded from the top, exact when
   * the last of them is short. Null until the first page is in.
   */
  rowsFromTop(): number | null {
    if (!this.pages.has(0)) return null;
    let n = 0;
    for (let p = 0; ; p++) {
      const page = this.pages.get(p);
      if (!page) break;
      n += page.length;
      if (page.length < this.pageSize) break;
    }
    return n;
  }

  get pageCount(): number {
    return this.pages.size;
  }

  /** Visible pages first, then one page either side so that scrolling on finds its rows ready. */
  private nextWanted(): number | undefined {
    const { from, to } = this.wanted;
    if (to < from) return undefined;
    const lastPage = Math.floor((this.total - 1) / this.pageSize);
    const order = [];
    for (let p = from; p <= to; p++) order.push(p);
    order.push(to + 1, from - 1);
    return order.find((p) => p >= 0 && p <= lastPage && !this.pages.has(p) && !this.pending.has(p));
  }

  private pump(): void {
    const maxInFlight = this.options.maxInFlight ?? 2;
    for (let p = this.nextWanted(); p !== undefined && this.pending.size < maxInFlight; p = this.nextWanted()) {
      this.pending.add(p);
      this.requests++;
      this.fetchPage(p * this.pageSize, this.pageSize).then(
        (rows) => {
          this.pending.delete(p);
          if (this.disposed) return;
          this.pages.set(p, rows);
          this.evict();
          this.onLoaded();
          this.pump();
        },
        (e: unknown) => {
          this.pending.delete(p);
          if (!this.disposed) this.onError(e);
        },
      );
    }
  }

  /** Drops the pages farthest from the viewport once more than maxPages are held. */
  private evict(): void {
    const maxPages = this.options.maxPages ?? 40;
    if (this.pages.size <= maxPages) return;
    const { from, to } = this.wanted;
    // The prefetched neighbours count as wanted too.
    const distance = (p: number) => (p < from - 1 ? from - 1 - p : p > to + 1 ? p - to - 1 : 0);
    const farthestFirst = [...this.pages.keys()].sort((a, b) => distance(b) - distance(a));
    for (const p of farthestFirst) {
      if (this.pages.size <= maxPages || distance(p) === 0) break;
      this.pages.delete(p);
    }
  }

  /** Later answers to this instance's requests are ignored (the query changed, or the list unmounted). */
  dispose(): void {
    this.disposed = true;
    this.pages.clear();
  }

  /**
   * Back in use after dispose(): React's StrictMode unmounts and remounts every effect once in
   * development, and the same instance must keep working after that.
   */
  revive(): void {
    this.disposed = false;
  }
}

/** Rows [first, last] to render for a scroll position, with a few extra above and below. */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 8): { first: number; last: number } {
  if (total === 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total - 1, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last };
}
