import type { CliCommand } from '../context';

export const matchCommands: CliCommand[] = [];
