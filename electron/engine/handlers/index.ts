import type { CommandName } from '../../../shared/contract';
import type { Handler } from './types';
import { matchHandlers } from './match';
import { receivablesHandlers } from './receivables';
import { statementHandlers } from './statement';
import { importHandlers } from './import';
import { mailHandlers } from './mail';
import { riskHandlers } from './risk';
import { wizardHandlers } from './wizard';
import { workspaceHandlers } from './workspace';
import { approvalHandlers } from './approvals';

/** Every contract command has exactly one handler; the type below fails to compile when one is missing. */
export const HANDLERS: { [N in CommandName]: Handler<N> } = {
  ...workspaceHandlers,
  ...wizardHandlers,
  ...importHandlers,
  ...matchHandlers,
  ...statementHandlers,
  ...mailHandlers,
  ...riskHandlers,
  ...approvalHandlers,
  ...receivablesHandlers,
};
