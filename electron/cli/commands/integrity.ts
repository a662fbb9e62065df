// verify: every imported file against the digest written at its import, and the audit chain.
import { describeProblems, verifyWorkspace } from '../../engine/integrity/verify';
import type { CliCommand } from '../context';

const verify: CliCommand = {
  name: 'verify',
  usage: 'verify [--json]',
  summary: { zh: '复核工作区：每个已导入文件的记录与导入时的校验数据是否一致，审计日志是否完整', en: 'Check every imported file\'s records against their digest from import, and the audit log\'s chain' },
  run(ctx) {
    const r = verifyWorkspace(ctx.workspace().db);
    ctx.print(r, () => {
      const lines = [ctx.t(`已复核 ${r.filesChecked} 个文件、${r.recordsChecked} 条记录`, `Checked ${r.filesChecked} files, ${r.recordsChecked} records`)];
      for (const f of r.files) {
        const text = describeProblems([f]);
        lines.push(ctx.t(`不一致：${text.zh}`, `MISMATCH: ${text.en}`));
      }
      lines.push(r.auditChainBrokenAt === null
        ? ctx.t('审计日志完整', 'Audit log chain intact')
        : ctx.t(`审计日志从第 ${r.auditChainBrokenAt} 条起被改动`, `Audit log altered from entry ${r.auditChainBrokenAt} on`));
      lines.push(r.ok ? ctx.t('一致：数据与导入时相符', 'OK: the data is as imported') : ctx.t('工作区数据已被改动，请从备份恢复。', 'The workspace data was altered; restore it from a backup.'));
      return lines;
    });
    return r.ok ? 0 : 1;
  },
};

export const integrityCommands: CliCommand[] = [verify];
