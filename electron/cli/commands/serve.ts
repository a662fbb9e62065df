import type { CliCommand } from '../context';

export const serveCommands: CliCommand[] = [];
