import type { CliCommand } from '../context';
import { auditCommands } from './audit';
import { partyCommands } from './parties';
import { approvalCommands } from './approvals';
import { demoCommands } from './demo';
import { importCommands } from './import';
import { integrityCommands } from './integrity';
import { mailCommands } from './mail';
import { riskCommands } from './risk';
import { matchCommands } from './match';
import { receivablesCommands } from './receivables';
import { serveCommands } from './serve';
import { statementCommands } from './statement';
import { workspaceCommands } from './workspace';

export const COMMANDS: CliCommand[] = [...workspaceCommands, ...importCommands, ...matchCommands, ...statementCommands, ...serveCommands, ...mailCommands, ...riskCommands, ...demoCommands, ...integrityCommands, ...auditCommands, ...partyCommands, ...approvalCommands, ...receivablesCommands];
