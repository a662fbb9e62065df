// Tests only (they run the TypeScript sources): a worker thread registers tsx itself and then loads
// the TypeScript entry named in workerData. The command line and the app start compiled workers.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
