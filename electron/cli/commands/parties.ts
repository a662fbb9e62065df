// company / channel party: who statements are between (docs/month-end.md "Parties and statement numbers").
import { getCompany, getCounterparty, setCompany, setCounterparty } from '../../engine/parties';
import { opt } from '../args';
import { requirePositional, type CliCommand } from '../context';

const company: CliCommand = {
  name: 'company',
  usage: 'company [--name NAME] [--tax-id ID] [--bank-account TEXT]',
  summary: { zh: '我方单位名称、纳税人识别号、开户行及账号（印在对账确认单上）', en: 'Our company\'s name, tax id and bank account (printed on statements)' },
  options: { name: {}, 'tax-id': {}, 'bank-account': {} },
  run(ctx) {
    const db = ctx.workspace().db;
    const patch = { name: opt(ctx.args, 'name'), taxId: opt(ctx.args, 'tax-id'), bankAccount: opt(ctx.args, 'bank-account') };
    const changed = Object.values(patch).some((v) => v !== undefined);
    const c = changed ? setCompany(db, patch) : getCompany(db);
    const unset = ctx.t('（未设置）', '(not set)');
    ctx.print(c, () => [
      ctx.t(`我方单位：${c.name || unset}`, `Our company: ${c.name || unset}`),
      ctx.t(`纳税人识别号：${c.taxId || unset}`, `Tax id: ${c.taxId || unset}`),
      ctx.t(`开户行及账号：${c.bankAccount || unset}`, `Bank account: ${c.bankAccount || unset}`),
    ]);
  },
};

const channelParty: CliCommand = {
  name: 'channel party',
  usage: 'channel party ID [--name NAME] [--contact TEXT] [--prefix ZFB]',
  summary: { zh: '渠道对方单位名称、联系人和对账单编号前缀', en: 'A channel\'s counterparty name, contact and statement number prefix' },
  options: { name: {}, contact: {}, prefix: {} },
  run(ctx) {
    const db = ctx.workspace().db;
    const id = requirePositional(ctx, 0, 'ID');
    const patch = { name: opt(ctx.args, 'name'), contact: opt(ctx.args, 'contact'), statementPrefix: opt(ctx.args, 'prefix') };
    const changed = Object.values(patch).some((v) => v !== undefined);
    const p = changed ? setCounterparty(db, id, patch) : getCounterparty(db, id);
    const unset = ctx.t('（未设置）', '(not set)');
    ctx.print(p, () => [
      ctx.t(`渠道 ${id} 对方单位：${p.name || unset}`, `Channel ${id} counterparty: ${p.name || unset}`),
      ctx.t(`联系人：${p.contact || unset}`, `Contact: ${p.contact || unset}`),
      ctx.t(`对账单编号前缀：${p.statementPrefix || unset}`, `Statement number prefix: ${p.statementPrefix || unset}`),
    ]);
  },
};

export const partyCommands: CliCommand[] = [company, channelParty];
