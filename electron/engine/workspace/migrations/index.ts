// Forward-only, numbered migrations. Each runs in its own transaction and is recorded in
// schema_migrations; a workspace whose highest version is above the last one here was written by a
// newer ReconDesk and is refused rather than half-understood.
// Add a new numbered file for every change; never edit a migration that has shipped.
import { foundation } from './001-foundation';
import { matching } from './002-matching';
import { differenceList } from './003-difference-list';
import { bulkRecords } from './004-bulk-records';
import { integrityDigests } from './005-integrity-digests';
import { periodLock } from './006-period-lock';
import { bankReceivables } from './007-bank-receivables';
import { mailAndRisk } from './009-mail-and-risk';
import type { Migration } from './types';

export type { Migration };

export const MIGRATIONS: readonly Migration[] = [foundation, matching, differenceList, bulkRecords, integrityDigests, periodLock, bankReceivables, mailAndRisk];
