// verify-audit: recomputes the audit log's hash chain, names the first entry where it breaks, and checks
// that the chain head printed on a statement is part of the intact history.
import { formatLocalTime, localTimeZone } from '../../../shared/time';
import { UserError } from '../../engine/errors';
import { checkAuditChain } from '../../engine/workspace/audit';
import type { DB } from '../../engine/workspace/db';
import { opt } from '../args';
import type { CliCommand, CliContext } from '../context';

/** The warning every front door shows when a workspace's history does not verify. */
export function brokenChainWarning(ctx: Pick<CliContext, 't'>, brokenAt: { id: number; at: string; action: string }): string {
  const at = `${formatLocalTime(brokenAt.at)} (${localTimeZone()})`;
  return ctx.t(`警告：审计日志链在第 #${brokenAt.id} 条（${at}，${brokenAt.action}）处断开，历史记录可能被改动。请运行 recondesk verify-audit 并从备份核对。`,
    `Warning: the audit log's chain breaks at entry #${brokenAt.id} (${at}, ${brokenAt.action}); the history may have been altered. Run recondesk verify-audit and compare with a backup.`);
}

function headIsVerified(db: DB, hash: string, verifiedUpTo: number | null): number | null {
  const row = db.prepare('SELECT id FROM audit_log WHERE hash = ?').get(hash) as { id: number } | undefined;
  return row && verifiedUpTo !== null && row.id <= verifiedUpTo ? row.id : null;
}

const verifyAudit: CliCommand = {
  name: 'verify-audit',
  usage: 'verify-audit [--head HASH]',
  summary: { zh: '重新计算审计日志链，指出第一处断开；--head 核对对账确认单上印的链头', en: 'Recompute the audit log chain and name the first break; --head checks a chain head printed on a statement' },
  options: { head: {} },
  run(ctx) {
    const db = ctx.workspace().db;
    const chain = checkAuditChain(db);
    const head = opt(ctx.args, 'head')?.toLowerCase();
    if (head !== undefined && !/^[0-9a-f]{64}$/.test(head)) {
      throw new UserError('cli.bad_hash', `--head 应为 64 位十六进制的链头：${head}`, `--head takes a 64-digit hex chain head: ${head}`);
    }
    const headAt = head === undefined ? null : headIsVerified(db, head, chain.head?.id ?? null);
    ctx.print({ ...chain, ...(head !== undefined ? { headChecked: head, headFound: headAt } : {}) }, () => [
      chain.intact
        ? ctx.t(`审计日志链完整：${chain.entries.toLocaleString('en-US')} 条，链头 #${chain.head?.id ?? 0} ${chain.head?.hash ?? ''}`,
          `Audit log chain intact: ${chain.entries.toLocaleString('en-US')} entries, head #${chain.head?.id ?? 0} ${chain.head?.hash ?? ''}`)
        : ctx.t(`审计日志链断开：第一处在 #${chain.brokenAt!.id}（${formatLocalTime(chain.brokenAt!.at)} ${localTimeZone()}，${chain.brokenAt!.action}，${chain.brokenAt!.who}）；此前 ${chain.entries} 条可验证。`,
          `Audit log chain BROKEN: first at #${chain.brokenAt!.id} (${formatLocalTime(chain.brokenAt!.at)} ${localTimeZone()}, ${chain.brokenAt!.action}, ${chain.brokenAt!.who}); ${chain.entries} entries before it verify.`),
      ...(head === undefined ? [] : [headAt !== null
        ? ctx.t(`链头 ${head} 是第 #${headAt} 条，在可验证的历史之内。`, `Head ${head} is entry #${headAt}, within the verified history.`)
        : ctx.t(`链头 ${head} 不在可验证的历史之内。`, `Head ${head} is not within the verified history.`)]),
    ]);
    return chain.intact && (head === undefined || headAt !== null) ? 0 : 1;
  },
};

export const auditCommands: CliCommand[] = [verifyAudit];
