/**
 * Test helpers of the bridge: a raw protocol client over `ws` that exposes close codes and lets tests send
 * arbitrary bytes.
 */
import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import { decode, encode } from '../../bridge/protocol/msgpack.ts';

export interface RawReply {
  id: number | null;
  ok: boolean;
  error?: { code: string; message: string; hint: string; field?: string };
  [key: string]: unknown;
}

export interface RawClient {
  ws: WebSocket;
  /** Sends a request (id assigned when absent) and resolves with its reply. */
  call(msg: Record<string, unknown>): Promise<RawReply>;
  /** Sends raw bytes (or text) and resolves with the next reply. */
  raw(data: Uint8Array | string): Promise<RawReply>;
  /** Resolves with [code, reason] when the connection closes. */
  closed: Promise<[number, string]>;
  close(): void;
}

export async function rawClient(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const ws = new WebSocket(url, { perMessageDeflate: false, headers });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
  });
  const waiting: ((r: RawReply) => void)[] = [];
  ws.on('message', (data: Buffer) => waiting.shift()?.(decode(data) as RawReply));
  const closed = new Promise<[number, string]>((resolve) => ws.on('close', (code, reason) => resolve([code, reason.toString()])));
  let nextId = 1;
  const raw = (data: Uint8Array | string): Promise<RawReply> =>
    new Promise((resolve, reject) => {
      waiting.push(resolve);
      ws.send(data, { binary: typeof data !== 'string' }, (err) => err && reject(err));
    });
  return {
    ws,
    call: (msg) => raw(encode({ id: nextId++, ...msg })),
    raw,
    closed,
    close: () => ws.close(),
  };
}

/** Opens a raw client and says hello. */
export async function helloClient(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const c = await rawClient(url, headers);
  const r = await c.call({ op: 'hello', protocol: '1.0.0', client: 'test' });
  if (!r.ok) throw new Error(`hello failed: ${JSON.stringify(r.error)}`);
  return c;
}

/** Polls `check` until it returns true (or throws after `ms`). */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The float32 bytes of an array, as a hex string (bit-exact comparisons). */
export function bitsOf(a: ArrayBufferView): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
}

/**
 * A value as the bridge's encoder carries it: every number that is -0 becomes +0 (msgpackr writes -0 as
 * the integer 0), in plain objects and arrays; typed arrays travel as bytes and keep the sign of zero.
 * Bit-identity tests compare a remote result with `asSent(local result)`, so the sign of zero is checked
 * on purpose: a remote +0 must stand for a local ±0, and nothing else may differ.
 */
export function asSent<T>(v: T): T {
  if (typeof v === 'number') return (v === 0 ? 0 : v) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => asSent(x)) as T;
  if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v) && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asSent(x)])) as T;
  }
  return v;
}

/** A plain HTTP GET: status, content type and body. */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Tries a WebSocket upgrade: 101 when it opened (then closes it), else the refusal's status and body. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, headers });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}
