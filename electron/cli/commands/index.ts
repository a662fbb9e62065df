import type { CliCommand } from '../context';
import { demoCommands } from './demo';
import { importCommands } from './import';
import { matchCommands } from './match';
import { receivablesCommands } from './receivables';
import { serveCommands } from './serve';
import { statementCommands } from './statement';
import { workspaceCommands } from './workspace';

export const COMMANDS: CliCommand[] = [...workspaceCommands, ...importCommands, ...matchCommands, ...statementCommands, ...serveCommands, ...demoCommands, ...receivablesCommands];
