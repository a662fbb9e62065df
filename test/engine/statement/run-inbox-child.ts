// Run by inbox.test.ts in its own process: one daily run, printing its outcome as JSON.
import { runInbox } from '../../../electron/engine/inbox/run';
import { UserError } from '../../../electron/engine/errors';

const [workspace, inbox] = process.argv.slice(2);
try {
  const r = runInbox(workspace!, { inbox: inbox!, settleSeconds: 0 });
  console.log(JSON.stringify({ ran: true, files: r.files.map((f) => f.outcome) }));
} catch (e) {
  console.log(JSON.stringify({ ran: false, key: e instanceof UserError ? e.key : String(e) }));
}
