// The difference list's windowed loading: what it asks the engine for while a user scrolls 100,000 rows.
import { describe, expect, it } from 'vitest';
import { RowWindows, visibleRange } from '../../renderer/src/screens/reconcile/windows';

const TOTAL = 100_000;
const ROW = 28;
const VIEWPORT = 560;

/** A fake engine: answers diffs.list windows on demand, recording every request. */
function engine() {
  const asked: { offset: number; limit: number }[] = [];
  const waiting: (() => void)[] = [];
  const fetchPage = (offset: number, limit: number) => {
    asked.push({ offset, limit });
    return new Promise<number[]>((resolve) => waiting.push(() => resolve(Array.from({ length: Math.min(limit, TOTAL - offset) }, (_, i) => offset + i))));
  };
  /** Answers every request made so far, then lets the promise callbacks run. */
  const answerAll = async () => {
    while (waiting.length > 0) {
      waiting.splice(0).forEach((w) => w());
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { asked, fetchPage, answerAll };
}

describe('difference list windows', () => {
  it('loads only the page on screen for the first screen of 100,000 rows', async () => {
    const e = engine();
    let loaded = 0;
    const w = new RowWindows(e.fetchPage, () => loaded++, (err) => { throw err; });
    const { first, last } = visibleRange(0, VIEWPORT, ROW, TOTAL);
    expect(last - first + 1).toBeLessThan(40);
    w.ensure(first, last, TOTAL);
    // The page on screen first, then the next one so scrolling down finds its rows ready.
    expect(e.asked).toEqual([{ offset: 0, limit: 100 }, { offset: 100, limit: 100 }]);
    expect(w.has(first, last)).toBe(false);
    await e.answerAll();
    expect(w.has(first, last)).toBe(true);
    expect(w.row(17)).toBe(17);
    expect(loaded).toBe(2);
    expect(e.asked).toHaveLength(2);
  });

  it('does not ask for pages the user scrolled past before a request slot freed up', async () => {
    const e = engine();
    const w = new RowWindows(e.fetchPage, () => undefined, (err) => { throw err; });
    // A fling: 200 scroll positions before the engine answers anything.
    for (let top = 0; top < 200 * 60 * ROW; top += 60 * ROW) {
      const { first, last } = visibleRange(top, VIEWPORT, ROW, TOTAL);
      w.ensure(first, last, TOTAL);
    }
    expect(e.asked.length).toBe(2);
    await e.answerAll();
    // Once answered, only where the user stopped is fetched (its page and the two beside it), not the
    // 117 pages in between.
    const stop = visibleRange((200 - 1) * 60 * ROW, VIEWPORT, ROW, TOTAL);
    expect(w.has(stop.first, stop.last)).toBe(true);
    expect(e.asked.length).toBe(5);
    expect(e.asked.slice(2).map((a) => a.offset / 100).sort((a, b) => a - b)).toEqual([118, 119, 120]);
    expect(e.asked.every((a) => a.limit === 100)).toBe(true);
  });

  it('keeps a bounded number of pages however far the user scrolls', async () => {
    const e = engine();
    const w = new RowWindows(e.fetchPage, () => undefined, (err) => { throw err; }, { maxPages: 10 });
    for (let top = 0; top < TOTAL * ROW; top += 2000 * ROW) {
      const { first, last } = visibleRange(top, VIEWPORT, ROW, TOTAL);
      w.ensure(first, last, TOTAL);
      await e.answerAll();
      expect(w.has(first, last)).toBe(true);
    }
    expect(w.pageCount).toBeLessThanOrEqual(10);
    // The first page was evicted and is fetched again when the user returns to the top.
    const before = e.asked.length;
    w.ensure(0, 20, TOTAL);
    expect(e.asked.slice(before)).toEqual([{ offset: 0, limit: 100 }, { offset: 100, limit: 100 }]);
  });

  it('ignores answers that arrive after the query changed', async () => {
    const e = engine();
    let loaded = 0;
    const w = new RowWindows(e.fetchPage, () => loaded++, (err) => { throw err; });
    w.ensure(0, 20, TOTAL);
    w.dispose();
    await e.answerAll();
    expect(loaded).toBe(0);
    expect(w.row(0)).toBeUndefined();
    // Remounted (React StrictMode in development): it loads again.
    w.revive();
    w.ensure(0, 20, TOTAL);
    await e.answerAll();
    expect(w.row(0)).toBe(0);
    expect(loaded).toBeGreaterThan(0);
  });

  it('clamps the window to the rows there are', () => {
    expect(visibleRange(0, VIEWPORT, ROW, 0)).toEqual({ first: 0, last: -1 });
    expect(visibleRange(0, VIEWPORT, ROW, 5)).toEqual({ first: 0, last: 4 });
    const end = visibleRange(TOTAL * ROW - VIEWPORT, VIEWPORT, ROW, TOTAL);
    expect(end.last).toBe(TOTAL - 1);
    const e = engine();
    const w = new RowWindows(e.fetchPage, () => undefined, () => undefined);
    w.ensure(end.first, end.last, TOTAL);
    expect(e.asked.map((a) => a.offset)).toEqual([99_900, 99_800]);
  });
});
