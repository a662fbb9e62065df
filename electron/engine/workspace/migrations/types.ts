import type { DB } from '../db';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Work SQL alone cannot do, run after `sql` in the same transaction. */
  run?: (db: DB) => void;
}
