// Run by torture/run.ts in its own process, to be killed: says "ready" once its code is loaded, so
// that the kill lands in the operation rather than in the start-up, then runs one operation.
import { OPERATIONS, runOperation, type Operation } from './operations';

const [op, workspace, dir] = process.argv.slice(2);
if (!OPERATIONS.includes(op as Operation) || !workspace || !dir) {
  console.error('usage: child.ts OPERATION WORKSPACE DIR');
  process.exit(2);
}
process.stdout.write('ready\n');
const started = performance.now();
runOperation(op as Operation, workspace, dir);
process.stdout.write(`done ${Math.round(performance.now() - started)}\n`);
