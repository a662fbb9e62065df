// The bench's input files, generated once under bench/.data/ (deterministic, so every run measures the
// same bytes): a 1,000,000-row Alipay bill (GBK CSV), a 1,000,000-row in-house export whose order ids
// match it, and a 500,000-row xlsx bank bill.
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { installDir } from '../electron/cli/install-dir';

export const dataDir = join(installDir(), 'bench', '.data');

const ALIPAY_ROWS = 1_000_000;
const INHOUSE_ROWS = 1_000_000;
const XLSX_ROWS = 500_000;

/** Deterministic pseudo-random numbers so every run measures the same files. */
function rng(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function yuan(fen: number): string {
  const neg = fen < 0;
  const a = Math.abs(fen);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${two(a % 100)}`;
}

/** A time in October 2026 spread over the month by row index. */
function timeOf(i: number, n: number): string {
  const s = Math.floor((i / n) * 31 * 86400);
  const d = 1 + Math.floor(s / 86400);
  const r = s % 86400;
  return `2026-10-${two(d)} ${two(Math.floor(r / 3600))}:${two(Math.floor((r % 3600) / 60))}:${two(r % 60)}`;
}

class ChunkWriter {
  private fd: number;
  private parts: string[] = [];
  constructor(path: string, private readonly encode: (s: string) => Buffer) {
    this.fd = openSync(path, 'w');
  }
  line(s: string): void {
    this.parts.push(s);
    if (this.parts.length >= 20000) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.encode(this.parts.join('\r\n') + '\r\n'));
    this.parts = [];
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** The lines above an Alipay bill's rows, as the channel writes them. */
function alipayHeader(w: ChunkWriter): void {
  w.line('#支付宝业务明细查询');
  w.line('#账号：[20881234567890120156]');
  w.line('#起始日期：[2026年10月01日 00:00:00]   终止日期：[2026年11月01日 00:00:00]');
  w.line('#-----------------------------------------业务明细列表----------------------------------------');
  w.line('支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注');
}

/** The lines below the rows, with the totals the importer checks. */
function alipayFooter(w: ChunkWriter, pays: number, payFen: number, refunds: number, refundFen: number): void {
  w.line('#-----------------------------------------业务明细列表结束------------------------------------');
  w.line(`#交易合计：${pays}笔，商家实收共${yuan(payFen)}元，商家优惠共0.00元`);
  w.line(`#退款合计：${refunds}笔，商家实收退款共${yuan(-refundFen)}元，商家优惠退款共0.00元`);
  w.line('#导出时间：[2026年11月04日 10:12:33]');
}

function generateAlipay(path: string): void {
  const rand = rng(7);
  const w = new ChunkWriter(path, (s) => iconv.encode(s, 'gbk'));
  alipayHeader(w);
  let pays = 0, payFen = 0, refunds = 0, refundFen = 0;
  let lastTxn = '', lastOrder = '', lastAmount = 0;
  for (let i = 0; i < ALIPAY_ROWS; i++) {
    const t = timeOf(i, ALIPAY_ROWS);
    if (i % 40 === 39 && lastTxn) {
      const amt = Math.max(1, Math.floor(lastAmount / 2));
      refunds++;
      refundFen += amt;
      w.line(`${lastTxn}\t,${lastOrder}\t,退款\t,钻石,${t},${t},\t,\t,\t,\t,\t,${yuan(-amt)},${yuan(-amt)},0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,RF${i}\t,${yuan(Math.round(amt * 0.006))},0.00,`);
      continue;
    }
    const amt = 100 + Math.floor(rand() * 200000);
    lastTxn = `2026100122${String(1000000000000000000 + i * 7919).slice(1)}`;
    lastOrder = `G2026100${String(i).padStart(8, '0')}`;
    lastAmount = amt;
    pays++;
    payFen += amt;
    w.line(`${lastTxn}\t,${lastOrder}\t,交易\t,钻石,${t},${t},\t,\t,\t,\t,\t,${yuan(amt)},${yuan(amt)},0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,${yuan(-Math.round(amt * 0.006))},0.00,`);
  }
  alipayFooter(w, pays, payFen, refunds, refundFen);
  w.close();
}

function generateInhouse(path: string): void {
  const rand = rng(11);
  const w = new ChunkWriter(path, (s) => Buffer.from(s, 'utf8'));
  w.line('\uFEFF订单号,渠道,渠道订单号,商品,订单金额,币种,退款金额,订单状态,下单时间,支付时间,玩家ID');
  const statuses = ['支付成功', '支付成功', '支付成功', '支付成功', '支付成功', '支付成功', '已退款', '待支付', '支付失败'];
  for (let i = 0; i < INHOUSE_ROWS; i++) {
    const t = timeOf(i, INHOUSE_ROWS);
    const status = statuses[Math.floor(rand() * statuses.length)]!;
    const paid = status === '支付成功' || status === '已退款';
    const amt = 100 + Math.floor(rand() * 200000);
    const channel = i % 2 === 0 ? '支付宝' : '微信支付';
    w.line(`G2026100${String(i).padStart(8, '0')},${channel},${paid ? `4200${String(100000000000000 + i)}` : ''},60钻石,${yuan(amt)},CNY,${status === '已退款' ? yuan(amt) : '0.00'},${status},${t},${paid ? t : ''},U${10000000 + i}`);
  }
  w.close();
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A bank-style bill as xlsx, written directly as XML with inline strings (fast to generate). */
function generateXlsx(path: string): void {
  const rand = rng(13);
  const col = (i: number) => String.fromCharCode(65 + i);
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  const str = (r: number, c: number, v: string) => `<c r="${col(c)}${r}" t="inlineStr"><is><t>${xmlEscape(v)}</t></is></c>`;
  const num = (r: number, c: number, v: string) => `<c r="${col(c)}${r}"><v>${v}</v></c>`;
  parts.push(`<row r="1">${['流水号', '订单号', '金额(元)', '时间', '备注'].map((h, c) => str(1, c, h)).join('')}</row>`);
  for (let i = 0; i < XLSX_ROWS; i++) {
    const r = i + 2;
    const amt = 100 + Math.floor(rand() * 200000);
    const signed = i % 30 === 29 ? -amt : amt;
    // Numeric cells drop trailing zeros the way Excel writes them (12.5, not 12.50).
    const v = yuan(signed).replace(/\.?0+$/, '');
    parts.push(`<row r="${r}">${str(r, 0, `B${String(900000000 + i)}`)}${str(r, 1, `O${i}`)}${num(r, 2, v)}${str(r, 3, timeOf(i, XLSX_ROWS))}${str(r, 4, '货款')}</row>`);
  }
  parts.push('</sheetData></worksheet>');
  const files = {
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    '_rels/.rels': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    'xl/workbook.xml': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/worksheets/sheet1.xml': Buffer.from(parts.join(''), 'utf8'),
  };
  const zipped = zipSync(files, { level: 1 });
  const fd = openSync(path, 'w');
  writeSync(fd, zipped);
  closeSync(fd);
}

function ensure(path: string, generate: (p: string) => void): void {
  if (existsSync(path)) return;
  const t = performance.now();
  generate(path);
  console.log(`generated ${path} (${(statSync(path).size / 1048576).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** The three files, generated when missing. */
export function benchFiles(): { alipay: string; inhouse: string; sheet: string } {
  mkdirSync(dataDir, { recursive: true });
  const files = { alipay: join(dataDir, 'alipay_1m_业务明细.csv'), inhouse: join(dataDir, 'inhouse_1m.csv'), sheet: join(dataDir, 'bank_500k.xlsx') };
  ensure(files.alipay, generateAlipay);
  ensure(files.inhouse, generateInhouse);
  ensure(files.sheet, generateXlsx);
  return files;
}

/**
 * A month as a clerk meets it: a 1,000,000-row Alipay bill and the in-house export of the same orders.
 * Most payments agree; by order number k: k % 200 = 0 the in-house amount is 0.37 higher (a mismatch),
 * 1 has no in-house order (channel_only), 2 adds an in-house order never paid to the channel
 * (internal_only); every 39th order is partly refunded, the in-house export knowing the refunded amount.
 */
function generateMonth(alipayPath: string, inhousePath: string): void {
  const rand = rng(17);
  const bill = new ChunkWriter(alipayPath, (s) => iconv.encode(s, 'gbk'));
  const inhouse = new ChunkWriter(inhousePath, (s) => Buffer.from(s, 'utf8'));
  alipayHeader(bill);
  inhouse.line('\uFEFF订单号,渠道,渠道订单号,商品,订单金额,币种,退款金额,订单状态,下单时间,支付时间,玩家ID');
  let rows = 0, pays = 0, payFen = 0, refunds = 0, refundFen = 0;
  for (let k = 0; rows < ALIPAY_ROWS; k++) {
    const t = timeOf(rows, ALIPAY_ROWS);
    const amt = 100 + Math.floor(rand() * 200000);
    const txn = `2026100122${String(1000000000000000000 + k * 7919).slice(1)}`;
    const order = `M2026100${String(k).padStart(8, '0')}`;
    bill.line(`${txn}\t,${order}\t,交易\t,钻石,${t},${t},\t,\t,\t,\t,\t,${yuan(amt)},${yuan(amt)},0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,${yuan(-Math.round(amt * 0.006))},0.00,`);
    rows++;
    pays++;
    payFen += amt;
    const refunded = k % 39 === 38 && rows < ALIPAY_ROWS ? Math.max(1, Math.floor(amt / 2)) : 0;
    if (refunded > 0) {
      bill.line(`${txn}\t,${order}\t,退款\t,钻石,${t},${t},\t,\t,\t,\t,\t,${yuan(-refunded)},${yuan(-refunded)},0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,RF${k}\t,${yuan(Math.round(refunded * 0.006))},0.00,`);
      rows++;
      refunds++;
      refundFen += refunded;
    }
    const c = k % 200;
    if (c !== 1) {
      const status = refunded > 0 ? '部分退款' : '支付成功';
      inhouse.line(`${order},支付宝,${txn},60钻石,${yuan(c === 0 ? amt + 37 : amt)},CNY,${yuan(refunded)},${status},${t},${t},U${10000000 + k}`);
    }
    if (c === 2) inhouse.line(`N2026100${String(k).padStart(8, '0')},支付宝,,60钻石,${yuan(amt)},CNY,0.00,支付成功,${t},${t},U${10000000 + k}`);
  }
  alipayFooter(bill, pays, payFen, refunds, refundFen);
  bill.close();
  inhouse.close();
}

/** The month's two files (generateMonth), generated when missing. */
export function monthFiles(): { bill: string; inhouse: string } {
  mkdirSync(dataDir, { recursive: true });
  const files = { bill: join(dataDir, 'month_alipay_业务明细.csv'), inhouse: join(dataDir, 'month_inhouse_orders.csv') };
  if (!existsSync(files.bill) || !existsSync(files.inhouse)) {
    const t = performance.now();
    generateMonth(files.bill, files.inhouse);
    console.log(`generated the month's bill and in-house export in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return files;
}
