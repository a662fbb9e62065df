#!/usr/bin/env node
// The `recondesk` command: the compiled command line in dist-node/, built from the TypeScript sources
// by `npm install` (the "prepare" script; `npm run build:node` rebuilds it after a change).
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`recondesk: 需要 Node.js 22.12 或更高版本（当前 ${process.version}） / needs Node.js 22.12 or later (this is ${process.version})\n`);
  process.exit(2);
}
// `recondesk diffs … | head` closes the pipe early: that ends the output, it is not an error.
process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1));
// V8 keeps the compiled code of the bundle between runs, which shortens every start after the first.
module.enableCompileCache();
let cli;
try {
  cli = await import('../dist-node/cli.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist-node')) throw e;
  process.stderr.write('recondesk: 命令行尚未编译，请先运行 npm run build:node / the command line is not built yet: run `npm run build:node` first\n');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
