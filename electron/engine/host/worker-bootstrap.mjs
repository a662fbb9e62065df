// Worker threads on Node 20 do not apply `--import tsx` from execArgv, so the worker registers tsx
// itself and then loads the TypeScript entry named in workerData.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
