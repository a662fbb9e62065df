// Personal account exports (formats.md §2, §4, §6.2–6.5): what a clerk gets from the Alipay or WeChat
// app or a bank card's online banking. They list one person's spending and receipts, not a merchant's
// trades: no merchant order ids to match, refunds as renamed ids, fees hidden in remarks. They are
// recognised (only when no profile fits: a team may still describe one with a profile of its own) and
// refused with what the file is and which merchant bill to download instead.
import { UserError } from '../../errors';
import { findHeader, firstLineMatches } from '../layout';
import type { SourceRow } from '../source';
import { profileSchema, type Profile } from '../../../../shared/profile';

interface PersonalExport {
  /** Header names that must all be present (normalised like a profile's `detect.headers`). */
  headers: string[];
  firstLine?: string;
  what: [zh: string, en: string];
  instead: [zh: string, en: string];
}

const ALIPAY_MERCHANT_BILL: [string, string] = [
  '请登录支付宝商家平台（b.alipay.com）→ 账单 → 下载“业务明细”或“账务明细”商家账单后导入',
  'Download the merchant bill instead: Alipay merchant portal (b.alipay.com) → Bills → 业务明细 (trade detail) or 账务明细 (account ledger)',
];
const WECHAT_MERCHANT_BILL: [string, string] = [
  '请登录微信支付商户平台（pay.weixin.qq.com）→ 交易中心 → 账单下载，下载“交易账单”后导入',
  'Download the merchant trade bill instead: WeChat Pay merchant platform (pay.weixin.qq.com) → Transactions → Bill download → trade bill (交易账单)',
];
const CORPORATE_STATEMENT: [string, string] = [
  '请在企业网银中导出对公账户的交易明细（Excel 或 CSV）后导入',
  "Export the company account's transaction detail (Excel or CSV) from corporate online banking instead",
];

const PERSONAL_EXPORTS: PersonalExport[] = [
  {
    headers: ['交易对方', '收/支', '收/付款方式', '交易订单号', '商家订单号'],
    what: ['支付宝个人账户的交易明细（个人对账单）', 'an Alipay personal account statement (支付宝交易明细)'],
    instead: ALIPAY_MERCHANT_BILL,
  },
  {
    headers: ['交易号', '商家订单号', '交易创建时间', '交易对方', '收/支', '资金状态'],
    what: ['支付宝个人网页版的交易记录明细', 'an Alipay personal web transaction record (支付宝交易记录明细)'],
    instead: ALIPAY_MERCHANT_BILL,
  },
  {
    headers: ['交易类型', '交易对方', '收/支', '金额(元)', '当前状态', '交易单号', '商户单号'],
    what: ['微信个人账户的账单流水（微信支付账单明细）', 'a WeChat personal bill (微信支付账单流水)'],
    instead: WECHAT_MERCHANT_BILL,
  },
  {
    headers: ['交易日期', '摘要', '记账金额(收入)', '记账金额(支出)'],
    firstLine: '明细查询文件下载',
    what: ['个人银行卡的明细（工商银行“明细查询文件下载”）', 'a personal bank card statement (ICBC 明细查询文件下载)'],
    instead: CORPORATE_STATEMENT,
  },
  {
    headers: ['记账日', '交易日期', '交易时间', '支出', '收入', '账户余额', '对方户名'],
    firstLine: 'China Construction Bank',
    what: ['个人银行卡的交易明细（建设银行）', 'a personal bank card statement (China Construction Bank)'],
    instead: CORPORATE_STATEMENT,
  },
  {
    headers: ['交易日期', '入账日期', '交易描述', '卡末四位'],
    what: ['信用卡账单明细', 'a credit card statement'],
    instead: CORPORATE_STATEMENT,
  },
];

/** Each export as a detection-only profile, so it is recognised by exactly the rules profiles use. */
const SIGNATURES: { profile: Profile; spec: PersonalExport }[] = PERSONAL_EXPORTS.map((spec, i) => ({
  spec,
  profile: profileSchema.parse({
    id: `personal-${i}`,
    name: spec.what[1],
    side: 'channel',
    detect: { headers: spec.headers },
    fields: { kind: { value: 'payment' }, amount: { from: spec.headers[0]! }, time: { from: spec.headers[0]! } },
  }),
}));

/** The refusal for a personal account export among these tables' first rows, or null. */
export function personalStatementRefusal(fileName: string, tables: SourceRow[][]): UserError | null {
  for (const rows of tables) {
    for (const { profile, spec } of SIGNATURES) {
      if (findHeader(rows, profile) < 0) continue;
      if (spec.firstLine && !firstLineMatches(rows, spec.firstLine)) continue;
      return new UserError(
        'import.personal_statement',
        `文件 ${fileName} 是${spec.what[0]}，不是商户账单：它记录的是个人的收支，没有可与订单核对的商户订单号，无法用于对账。${spec.instead[0]}。`,
        `File ${fileName} is ${spec.what[1]}, not a merchant bill: it lists one person's spending and receipts, without the merchant order ids reconciliation needs. ${spec.instead[1]}.`,
        { file: fileName, export: spec.what[1] },
      );
    }
  }
  return null;
}
