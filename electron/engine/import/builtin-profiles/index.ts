// Profiles that ship with ReconDesk. Everything else (the in-house export included) is a user profile
// stored in the workspace.
import { profileSchema, withBankFields, type Profile } from '../../../../shared/profile';
import { alipayLedger, alipayTradeDetail } from './alipay';
import { cmbCorporate } from './cmb-corporate';
import { stripeBalance } from './stripe';
import { wechatRefundBill, wechatSuccessBill, wechatTradeBill } from './wechat';
import { wechatFundFlowBill } from './wechat-fundflow';

export const BUILTIN_PROFILES: readonly Profile[] = [alipayTradeDetail, alipayLedger, wechatTradeBill, wechatSuccessBill, wechatRefundBill, wechatFundFlowBill, stripeBalance, cmbCorporate].map((p) => profileSchema.parse(withBankFields(p)));

export function builtinProfile(id: string): Profile | undefined {
  return BUILTIN_PROFILES.find((p) => p.id === id);
}
