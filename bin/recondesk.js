#!/usr/bin/env node
// The `recondesk` command. The engine is TypeScript run through tsx, so a fresh clone works after
// `npm ci` without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
