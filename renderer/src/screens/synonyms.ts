// Header names seen in real bills for each record field, used to suggest a column in the mapping wizard.
// Exact (normalised) matches win over partial ones.
export const MAPPABLE_FIELDS = ['orderId', 'channelTxnId', 'refundId', 'amount', 'fee', 'time', 'status', 'currency', 'account', 'memo', 'kind', 'channel'] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

export const FIELD_SYNONYMS: Record<MappableField, string[]> = {
  orderId: ['订单号', '商户订单号', '商家订单号', '商户单号', '外部订单号', '业务订单号', 'out_trade_no', 'order_id', 'order id', 'order no', 'merchant order no'],
  channelTxnId: ['交易号', '支付宝交易号', '微信订单号', '交易单号', '交易流水号', '交易流水', '流水号', '渠道订单号', '平台订单号', 'transaction_id', 'transaction id', 'trade_no', 'id'],
  refundId: ['退款单号', '商户退款单号', '退款批次号', '退款流水号', 'out_refund_no', 'refund_id', 'refund id'],
  amount: ['金额', '订单金额', '交易金额', '实收金额', '支付金额', '收入金额', '应结订单金额', '金额(元)', '交易金额(元)', 'amount', 'gross', 'total'],
  fee: ['手续费', '服务费', '手续费(元)', '服务费(元)', 'fee', 'fees', 'commission'],
  time: ['时间', '交易时间', '支付时间', '付款时间', '完成时间', '创建时间', '交易日期', '入账时间', 'date', 'time', 'created', 'created (utc)', 'transaction time'],
  status: ['状态', '交易状态', '订单状态', '支付状态', 'status'],
  currency: ['币种', '货币', '币别', 'currency'],
  account: ['账户', '账号', '付款方', '付款账号', '用户', '用户id', '玩家id', 'customer', 'payer'],
  memo: ['备注', '商品', '商品名称', '摘要', '说明', 'memo', 'description', 'note'],
  kind: ['类型', '业务类型', '交易类型', '收支类型', '收/支', 'type'],
  channel: ['渠道', '支付渠道', '支付方式', 'channel'],
};

export function normaliseHeaderName(h: string): string {
  return h.replace(/[（]/g, '(').replace(/[）]/g, ')').replace(/\s+/g, '').replace(/^[`'"=]+|["']+$/g, '').toLowerCase();
}

/** Suggests a column for each field; a column is suggested for one field only. */
export function suggestMapping(header: string[]): Partial<Record<MappableField, string>> {
  const taken = new Set<string>();
  const out: Partial<Record<MappableField, string>> = {};
  const norm = header.map((h) => ({ h, n: normaliseHeaderName(h) }));
  for (const pass of ['exact', 'partial'] as const) {
    for (const field of MAPPABLE_FIELDS) {
      if (out[field]) continue;
      for (const syn of FIELD_SYNONYMS[field].map(normaliseHeaderName)) {
        const hit = norm.find(({ h, n }) => !taken.has(h) && n !== '' && (pass === 'exact' ? n === syn : syn.length >= 2 && n.includes(syn)));
        if (hit) {
          out[field] = hit.h;
          taken.add(hit.h);
          break;
        }
      }
    }
  }
  return out;
}
