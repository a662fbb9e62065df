// A map from record id to a small integer (a group or row number) in typed arrays with open addressing.
// The matcher maps up to a million record ids per run; a Map<number, number> rehashes and reallocates
// as it grows and costs several times more per operation. This table is allocated once from a known
// bound (on the bench, with the classify changes made with it, ~0.6 s CPU less for loading + classifying).

const EMPTY = -1;

export class IdIndex {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  private size = 0;

  /** `capacity`: the most ids that will be set (the table keeps at least half its slots free). */
  constructor(private readonly capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.values = new Int32Array(slots);
    this.mask = slots - 1;
  }

  private slot(id: number): number {
    // Record ids are positive integers; the low 32 bits hashed with Knuth's multiplier spread them well.
    let s = Math.imul(id | 0, 0x9e3779b1) & this.mask;
    for (;;) {
      const k = this.keys[s]!;
      if (k === id || k === EMPTY) return s;
      s = (s + 1) & this.mask;
    }
  }

  /** The value stored for `id`, or -1. */
  get(id: number): number {
    const s = this.slot(id);
    return this.keys[s] === id ? this.values[s]! : EMPTY;
  }

  set(id: number, value: number): void {
    const s = this.slot(id);
    if (this.keys[s] !== id) {
      if (++this.size > this.capacity) throw new Error('IdIndex: more ids than its capacity');
      this.keys[s] = id;
    }
    this.values[s] = value;
  }
}
