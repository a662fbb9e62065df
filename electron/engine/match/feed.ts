// Hands the rows of a query to JavaScript through a user-defined aggregate instead of an iterator.
// better-sqlite3 builds an array (or object) and an iterator result per row when iterating; calling an
// aggregate's step with the columns as plain arguments skips both. Measured on 1,000,000 rows of five
// integer columns: 1.0 s CPU through .raw().iterate(), 0.26 s through a fixed-arity aggregate (0.37 s
// when the step takes ...rest arguments, hence one aggregate per arity).
import type { DB } from '../workspace/db';

type Cell = number | string | null;
type Slot = { current: ((...cells: Cell[]) => void) | null };

const FORWARDERS: Record<number, (s: Slot) => (n: number, ...cells: Cell[]) => number> = {
  2: (s) => (n, a, b) => {
    s.current!(a!, b!);
    return n + 1;
  },
  6: (s) => (n, a, b, c, d, e, f) => {
    s.current!(a!, b!, c!, d!, e!, f!);
    return n + 1;
  },
};

const registered = new WeakMap<DB, Map<number, Slot>>();

/**
 * Runs `SELECT <columns> <from>` and calls `step` with each row's columns (as many as `step` declares:
 * 2 or 6). Returns the number of rows fed. Not re-entrant: `step` must not feed another query.
 */
export function feedRows(db: DB, columns: string, from: string, params: Record<string, unknown>, step: (...cells: never[]) => void): number {
  const arity = step.length;
  const forwarder = FORWARDERS[arity];
  if (!forwarder) throw new Error(`feedRows: no aggregate for ${arity} columns`);
  let slots = registered.get(db);
  if (!slots) registered.set(db, (slots = new Map()));
  let slot = slots.get(arity);
  if (!slot) {
    const s: Slot = { current: null };
    db.aggregate(`recondesk_feed${arity}`, { start: 0, step: forwarder(s) });
    slots.set(arity, (slot = s));
  }
  if (slot.current !== null) throw new Error('feedRows is not re-entrant');
  slot.current = step as (...cells: Cell[]) => void;
  try {
    return (db.prepare(`SELECT recondesk_feed${arity}(${columns}) ${from}`).pluck().get(params) as number | null) ?? 0;
  } finally {
    slot.current = null;
  }
}
