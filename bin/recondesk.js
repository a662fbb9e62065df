#!/usr/bin/env node
// The `recondesk` command: the compiled command line in dist-node/, built from the TypeScript sources
// by `npm install` (the "prepare" script; `npm run build:node` rebuilds it after a change).
import module from 'node:module';

// V8 keeps the compiled code of the bundle between runs (Node >= 22.1), which halves the start-up.
module.enableCompileCache?.();
let cli;
try {
  cli = await import('../dist-node/cli.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist-node')) throw e;
  process.stderr.write('recondesk: 命令行尚未编译，请先运行 npm run build:node / the command line is not built yet: run `npm run build:node` first\n');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
