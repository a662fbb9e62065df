import type { CliCommand } from '../context';

export const importCommands: CliCommand[] = [];
