// The single entry from any front door into the engine: validates the input against the contract,
// runs the handler, and turns every failure into the serialisable error union.
import { CONTRACT, isCommandName, type CommandName } from '../../shared/contract';
import type { ErrorPayload } from '../../shared/errors';
import { toErrorPayload, UserError } from './errors';
import { HANDLERS } from './handlers';
import type { EngineContext } from './handlers/types';

export type DispatchResult = { ok: true; value: unknown } | { ok: false; error: ErrorPayload };

export async function dispatch(ctx: EngineContext, name: string, rawInput: unknown): Promise<DispatchResult> {
  try {
    if (!isCommandName(name)) {
      throw new UserError('contract.unknown_command', `未知命令：${name}`, `Unknown command: ${name}`, { command: name });
    }
    const spec = CONTRACT[name];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || '(input)';
      throw new UserError('contract.bad_input', `命令 ${name} 的参数有误：${where} ${issue?.message ?? ''}`, `Bad input for ${name}: ${where} ${issue?.message ?? ''}`, { command: name, path: where });
    }
    const handler = HANDLERS[name as CommandName] as (c: EngineContext, i: unknown) => unknown;
    const value = await handler(ctx, parsed.data);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: toErrorPayload(e) };
  }
}
