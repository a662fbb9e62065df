import type { CliCommand } from '../context';

export const statementCommands: CliCommand[] = [];
