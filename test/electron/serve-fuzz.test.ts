// Every contract command over browser mode's HTTP API with random and boundary inputs (seeded, so a failure
// can be replayed with FUZZ_SEED=n): a client's mistake is answered with the contract's user error, never
// with a 500 or an internal error. The workspace holds the September sample month, so ids, channels,
// periods and uploaded files that exist are mixed with ones that do not.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT } from '../../shared/contract';
import type { ErrorPayload } from '../../shared/errors';
import { writeCustomBill, writeJunk } from '../e2e/fixtures';
import { SAMPLES } from '../engine/statement/sample-workspace';
import { rawRequest, startSampleServer, type SampleServer } from './serve-http';

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
/** Wall-clock budget for the calls; every command gets at least MIN_ROUNDS calls whatever the budget. */
const BUDGET_MS = 20_000;
const MIN_ROUNDS = 8;
const MAX_ROUNDS = 60;

/** mulberry32: small, seedable, good enough to pick inputs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OMIT = Symbol('omit');
type Value = unknown;

function nested(depth: number, leaf: Value): Value {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** Values that fit no field: wrong types, JSON's edge cases, sizes and shapes a form would never send. */
const HOSTILE: Value[] = [
  null, true, false, 0, -1, -0, 1.5, 1e308, -1e308, 2 ** 53, -(2 ** 53), 2 ** 31, '', ' ', 'NaN', 'Infinity', '-1', '1e309', '0x10',
  'null', 'undefined', '\u0000', '\ud800', '😀'.repeat(40), 'x'.repeat(100_000), "'; DROP TABLE records; --", '=1+1', '<script>alert(1)</script>',
  '../../../etc/passwd', '对账'.repeat(300), [], {}, [null], [1, 'a', {}], { a: 1 }, nested(40, 'deep'), nested(40, null),
  Array.from({ length: 5000 }, (_, i) => i), { toString: 'x', valueOf: 1, constructor: { prototype: { polluted: true } } },
];

interface Pools {
  ids: number[];
  fileRefs: string[];
}

function pick<T>(rng: () => number, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]!;
}

/** Plausible values (right format, existing or not) and malformed ones, by what a field holds. */
const STRINGS: Record<'period' | 'channel' | 'text', { plausible: string[]; malformed: string[] }> = {
  period: { plausible: ['2026-09', '2026-09', '2026-10', '2026-08', '2025-12', '1970-01', '9999-12'], malformed: ['2026-13', '2026-00', '2026-9', '2026-09-01', '202609', ''] },
  channel: { plausible: ['alipay', 'alipay', 'wechat', 'boc', 'unknown-channel', 'a', 'a'.repeat(40)], malformed: ['ALIPAY', 'ali pay', '', 'a'.repeat(41), '支付宝'] },
  text: {
    plausible: ['a', '对账差错说明', 'note', 'NaN', '-1', '0', '2026-09', 'alipay', 'CNY', 'XYZ', 'USD', 'Asia/Shanghai', 'Mars/Olympus', 'UTC', '+08:00', 'zh', 'en', 'T+1', '王会计', '😀', 'x'.repeat(80)],
    malformed: ['', ' ', '\t\n', 'x'.repeat(2001), '\u0000'],
  },
};

/**
 * A value for a field, by its schema and name. Plausible (`hostile` 0): the right type, often values that
 * exist, sometimes ones that do not (an unknown id, channel or period), so the handlers behind the
 * validation run; with `hostile` > 0 that share of fields gets a value of any type, and fields go missing.
 */
function generate(rng: () => number, schema: z.ZodType, name: string, pools: Pools, hostile: number): Value | typeof OMIT {
  if (rng() < hostile) return pick(rng, HOSTILE);
  const def = schema._zod.def as unknown as { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; entries?: Record<string, string> };
  switch (def.type) {
    case 'optional':
    case 'default':
      return rng() < 0.35 ? OMIT : generate(rng, def.innerType!, name, pools, hostile);
    case 'nullable':
      return rng() < 0.2 ? null : generate(rng, def.innerType!, name, pools, hostile);
    case 'object': {
      const out: Record<string, Value> = {};
      for (const [key, field] of Object.entries(def.shape!)) {
        const v = rng() < hostile / 2 ? OMIT : generate(rng, field, key, pools, hostile);
        if (v !== OMIT) out[key] = v;
      }
      if (rng() < 0.1 + hostile) out[pick(rng, ['extra', 'id', '__proto__', 'constructor', ''])] = pick(rng, HOSTILE);
      return out;
    }
    case 'string': {
      if (/file|inbox/i.test(name)) return pick(rng, pools.fileRefs);
      const kind = /period/i.test(name) ? 'period' : /channel/i.test(name) ? 'channel' : 'text';
      return pick(rng, rng() < hostile * 2 ? STRINGS[kind].malformed : STRINGS[kind].plausible);
    }
    case 'number':
      if (rng() < hostile * 2) return pick(rng, [0, -1, 0.5, -0.5, 1e21, Number.MAX_SAFE_INTEGER + 2, -(2 ** 53)]);
      return rng() < 0.7 ? pick(rng, pools.ids) : pick(rng, [1, 60, 100, 1000, 5000, 86_400, 999_999_999, 2 ** 31, Number.MAX_SAFE_INTEGER]);
    case 'boolean':
      return rng() < 0.5;
    case 'enum': {
      const options = Object.values(def.entries!);
      return rng() < 1 - hostile ? pick(rng, options) : pick(rng, ['', 'WRITEOFF', 'matched', 'released', 'manual_match', 'x']);
    }
    case 'array': {
      const length = pick(rng, [0, 1, 1, 2, 3, 30]);
      return Array.from({ length }, () => generate(rng, def.element!, name, pools, hostile)).filter((v) => v !== OMIT);
    }
    case 'unknown':
      return pick(rng, [...HOSTILE, PROFILE, { ...PROFILE, fields: {} }, { ...PROFILE, detect: null }, { ...PROFILE, id: 'alipay' }, { ...PROFILE, fields: { amount: { from: 42 } } }]);
    default:
      return pick(rng, HOSTILE);
  }
}

const PROFILE = {
  id: 'fuzz-profile',
  name: '模糊测试',
  side: 'channel',
  channelId: 'alipay',
  detect: { headers: ['商家订单号', '金额(元)', '交易时间', '交易类型'] },
  fields: {
    orderId: { from: '商家订单号' },
    channelTxnId: { from: '交易流水' },
    kind: { from: '交易类型', map: { 退款: 'refund' }, default: 'payment' },
    amount: { from: '金额(元)' },
    time: { from: '交易时间' },
  },
};

/** The body of one call: mostly a well-formed envelope, now and then a mangled one. */
function request(rng: () => number, name: string, pools: Pools): string {
  const schema = CONTRACT[name as keyof typeof CONTRACT].input as z.ZodType;
  const roll = rng();
  if (roll < 0.6) return envelope(name, generate(rng, schema, name, pools, 0));
  if (roll < 0.9) return envelope(name, generate(rng, schema, name, pools, 0.25));
  if (roll < 0.94) return envelope(name, pick(rng, HOSTILE));
  if (roll < 0.96) return `{"command":${JSON.stringify(name)},"input":{"__proto__":{"id":1,"period":"2026-09","channelId":"alipay"}}}`;
  const whole = envelope(name, generate(rng, schema, name, pools, 0));
  return pick(rng, [
    whole.slice(0, Math.floor(rng() * whole.length)),
    'null', '[]', `[${whole}]`, JSON.stringify(name), '{}', `{"command":${JSON.stringify(name)},"requestId":42}`,
    `{"command":${JSON.stringify(name)},"input":${'['.repeat(70)}${']'.repeat(70)}}`, whole.replace(/"/, "'"), `${whole}${whole}`,
  ]);
}

function envelope(name: string, input: Value | typeof OMIT): string {
  // The daily run's mail would go to whatever server the fuzzed mail.set named: never from a test.
  if (name === 'inbox.run' && input !== null && typeof input === 'object' && 'mail' in input) delete (input as { mail?: unknown }).mail;
  return JSON.stringify({ command: name, ...(input === OMIT ? {} : { input }) });
}

describe('browser mode under fuzzed input', () => {
  let sample: SampleServer;
  let pools: Pools;

  async function post(body: string) {
    const r = await rawRequest(sample.server.port, '/api/command', { method: 'POST', headers: { 'content-type': 'application/json', 'x-recondesk-token': sample.server.token }, body });
    return { status: r.status, body: JSON.parse(r.text) as { ok: boolean; value?: unknown; error?: ErrorPayload; outputs?: { id: string; name: string }[] } };
  }

  async function value<T>(command: string, input: unknown): Promise<T> {
    const r = await post(JSON.stringify({ command, input }));
    if (!r.body.ok) throw new Error(`${command}: ${JSON.stringify(r.body.error)}`);
    return r.body.value as T;
  }

  async function upload(path: string, name: string): Promise<string> {
    const r = await rawRequest(sample.server.port, '/api/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-recondesk-token': sample.server.token, 'x-file-name': encodeURIComponent(name) },
      body: readFileSync(path),
    });
    return (JSON.parse(r.text) as { value: { ref: string } }).value.ref;
  }

  /** A file the server wrote, downloaded and uploaded again as a user answering a dispute would. */
  async function roundTrip(id: string, name: string): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${sample.server.port}/api/download/${id}`, { headers: { 'x-recondesk-token': sample.server.token } });
    const path = join(sample.dir, `${id}-${name}`);
    writeFileSync(path, Buffer.from(await res.arrayBuffer()));
    return upload(path, name);
  }

  beforeAll(async () => {
    sample = await startSampleServer();
    const diffs = await value<{ id: number; channelRecordId: number | null; internalRecordId: number | null }[]>('diffs.list', { channelId: 'alipay', period: '2026-09', limit: 20 });
    const files = await value<{ id: number }[]>('files.list', {});
    const recordIds = diffs.flatMap((d) => [d.channelRecordId, d.internalRecordId]).filter((id): id is number => id !== null);
    pools = {
      ids: [...diffs.map((d) => d.id), ...recordIds, ...files.map((f) => f.id), 1, 2, 999_999, 2_147_483_647],
      fileRefs: [
        await upload(join(SAMPLES, 'inhouse_orders_202609.csv'), 'inhouse_orders_202609.csv'),
        await upload(join(SAMPLES, '20881234567890120156_202610.csv.zip'), '20881234567890120156_202610.csv.zip'),
        await upload(writeCustomBill(sample.dir, 'unionpay.csv', 40).path, 'unionpay.csv'),
        await upload(writeJunk(sample.dir, 'junk.xlsx'), 'junk.xlsx'),
        'upload-0000000000000000000000', '', '/etc/passwd', '../../secret', 'C:\\Windows\\win.ini', 'x'.repeat(4096),
      ],
    };
  }, 60_000);

  afterAll(async () => {
    await sample?.close();
  });

  it('never answers 500 or an internal error to any input of any command', async () => {
    const rng = random(SEED);
    // mail.test sends through the server mail.set named; fuzzed settings would send it to made-up
    // hosts. It is tested against a local SMTP server (test/engine/mail, test/e2e/mail-settings).
    const names = (Object.keys(CONTRACT) as (keyof typeof CONTRACT)[]).filter((n) => n !== 'mail.test');
    const failures = new Map<string, string>();
    const statuses = new Map<number, number>();
    const accepted = new Map<string, number>();
    let calls = 0;
    let rounds = 0;
    const started = Date.now();
    while (rounds < MAX_ROUNDS && (rounds < MIN_ROUNDS || Date.now() - started < BUDGET_MS)) {
      rounds++;
      // Every command once per round, in a seeded order, so state changes (closed periods, saved profiles,
      // changed channel settings) meet every other command.
      const order = names.map((n) => ({ n, k: rng() })).sort((a, b) => a.k - b.k).map((x) => x.n);
      for (const name of order) {
        const body = request(rng, name, pools);
        const r = await post(body);
        calls++;
        // Exported statements and dispute workbooks come back as uploads, for the commands that read them.
        for (const out of r.body.outputs ?? []) {
          if (pools.fileRefs.length < 40) pools.fileRefs.push(await roundTrip(out.id, out.name));
        }
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.body.ok) accepted.set(name, (accepted.get(name) ?? 0) + 1);
        const error = r.body.error;
        const sound = r.status !== 500 && (r.body.ok || (error?.type === 'user' && error.key.length > 0 && error.message.zh.length > 0 && error.message.en.length > 0));
        if (!sound) {
          const what = `${name} → ${r.status} ${JSON.stringify(error).slice(0, 300)}`;
          if (!failures.has(what)) failures.set(what, body.slice(0, 400));
        }
      }
    }
    console.log(`fuzz: seed ${SEED}, ${calls} calls over ${names.length} commands in ${rounds} rounds, ${Date.now() - started} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    console.log(`fuzz: commands that succeeded at least once: ${accepted.size}/${names.length} ${JSON.stringify(Object.fromEntries(accepted))}`);
    expect([...failures].map(([what, body]) => `${what}\n    input: ${body}`)).toEqual([]);
    expect(rounds).toBeGreaterThanOrEqual(MIN_ROUNDS);
    // The server still answers normally afterwards.
    expect((await post(JSON.stringify({ command: 'workspace.info', input: {} }))).body.ok).toBe(true);
  }, 120_000);
});
