// The contract: every command any front door (desktop IPC, browser-mode HTTP, tests) may send to the
// engine, with its input schema and output type. Each area keeps its commands in its own file.
import type { z } from 'zod';
import type { CommandSpec } from './define';
import { matchContract } from './match';
import { receivablesContract } from './receivables';
import { statementContract } from './statement';
import { importContract } from './import';
import { mailContract } from './mail';
import { riskContract } from './risk';
import { wizardContract } from './wizard';
import { workspaceContract } from './workspace';
import { approvalsContract } from './approvals';

export const CONTRACT = {
  ...workspaceContract,
  ...wizardContract,
  ...importContract,
  ...matchContract,
  ...statementContract,
  ...mailContract,
  ...riskContract,
  ...approvalsContract,
  ...receivablesContract,
} as const;

export type Contract = typeof CONTRACT;
export type CommandName = keyof Contract;
export type CommandInput<N extends CommandName> = z.input<Contract[N]['input']>;
export type CommandOutput<N extends CommandName> = Contract[N] extends CommandSpec<z.ZodType, infer O> ? O : never;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(CONTRACT, name);
}

export type { FileRef, ProgressEvent } from './define';
