import { strict as assert } from 'node:assert';
import { WebSocket } from 'ws';
import { unpack } from 'msgpackr';
import '../../../envs/index.ts';
import { startServer, type BridgeServer } from '../../../bridge/server/server.ts';
import { encode } from '../../../bridge/protocol/msgpack.ts';
import { eventually, helloClient, httpGet, rawClient, upgradeStatus } from '../helpers.ts';

describe('bridge/server/server', () => {
  let server: BridgeServer;
  before(async () => {
    server = await startServer({ port: 0, log: 'silent', maxEnvsPerSession: 10, maxPayload: 64 * 1024 });
  });
  after(() => server.close());

  it('binds loopback and answers hello with versions, capabilities, limits and env schemas', async () => {
    assert.equal(server.host, '127.0.0.1');
    const c = await rawClient(server.url);
    const r = await c.call({ op: 'hello', protocol: '1.4.0', client: 'test' });
    assert.equal(r.ok, true);
    assert.equal(r.protocol, '1.2.0');
    assert.match(String(r.server), /^edgellm-gym\//);
    const caps = r.capabilities as { ops: string[] };
    assert.ok(caps.ops.includes('evaluate.start'));
    const envs = r.envs as { id: string; configSchema: { properties: Record<string, unknown> } | null }[];
    const edge = envs.find((e) => e.id === 'EdgeLLM-v0');
    assert.ok(edge?.configSchema?.properties.agents !== undefined);
    assert.equal((r.limits as { maxEnvsPerSession: number }).maxEnvsPerSession, 10);
    c.close();
  });

  it('sends the boolean lists of vector replies as bool arrays only to clients of protocol 1.2 or later', async () => {
    const forms: Record<string, unknown> = {};
    for (const protocol of ['1.1.0', '1.2.0']) {
      const c = await rawClient(server.url);
      const frames: Record<string, unknown>[] = [];
      c.ws.on('message', (d: Buffer) => frames.push(unpack(d) as Record<string, unknown>));
      assert.equal((await c.call({ op: 'hello', protocol })).ok, true);
      const made = await c.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 2 });
      await c.call({ op: 'reset', handle: made.handle, seed: 3 });
      const decoded = await c.call({ op: 'step', handle: made.handle, action: { cache: new Int8Array(40), local: new Float32Array(40) } });
      const raw = frames.at(-1)!;
      forms[protocol] = { terminations: raw.terminations, mask: (raw.info as Record<string, unknown>)._requests };
      assert.deepEqual(decoded.terminations, [false, false]);
      c.close();
    }
    const bools = { dtype: 'bool', shape: [2], data: Buffer.from([0, 0]) };
    assert.deepEqual(forms['1.1.0'], { terminations: [false, false], mask: [true, true] });
    assert.deepEqual(forms['1.2.0'], { terminations: bools, mask: { ...bools, data: Buffer.from([1, 1]) } });
  });

  it('refuses a major version mismatch with a typed error, then closes', async () => {
    const c = await rawClient(server.url);
    const r = await c.call({ op: 'hello', protocol: '2.0.0' });
    assert.equal(r.ok, false);
    assert.equal(r.error!.code, 'version_mismatch');
    assert.match(r.error!.message, /2\.0\.0.*1\.2\.0/);
    const [code] = await c.closed;
    assert.equal(code, 4002);
  });

  it('requires hello first', async () => {
    const c = await rawClient(server.url);
    const r = await c.call({ op: 'make', env: 'EdgeLLM-v0' });
    assert.equal(r.error!.code, 'bad_request');
    assert.match(r.error!.message, /hello/);
    c.close();
  });

  it('drives an EdgeLLM env from a trace sent inline in the config, with the split as a reset option', async () => {
    const c = await helloClient(server.url);
    const requests = Array.from({ length: 200 }, (_, n) => ({ timestamp: n * 0.5, contextTokens: 100 + n, generatedTokens: 20 }));
    const made = await c.call({ op: 'make', env: 'EdgeLLM-v0', config: { horizon: 10, workload: { kind: 'trace', requests, timeScale: 1 } } });
    assert.equal(made.ok, true);
    const handle = made.handle as number;
    const reset = await c.call({ op: 'reset', handle, seed: 10000 });
    assert.equal((reset.info as { traceWindow: { split: string } }).traceWindow.split, 'eval');
    const train = await c.call({ op: 'reset', handle, seed: 10000, options: { split: 'train' } });
    assert.equal((train.info as { traceWindow: { split: string } }).traceWindow.split, 'train');
    const step = await c.call({ op: 'step', handle, action: { cache: new Int8Array(20), local: new Float32Array(20) } });
    assert.equal((step.info as { requests: number }).requests, 2, 'two requests per 1-s slot');
    const bad = await c.call({ op: 'make', env: 'EdgeLLM-v0', config: { workload: { kind: 'trace', requests: [{ timestamp: 'noon', contextTokens: 1, generatedTokens: 1 }] } } });
    assert.equal(bad.error!.code, 'invalid_config');
    assert.match(bad.error!.message, /config\.workload\.requests entry 0: TIMESTAMP "noon" is not a time/);
    c.close();
  });

  it('serves make, reset, step, render and close, with typed errors for every misuse', async () => {
    const c = await helloClient(server.url);
    const made = await c.call({ op: 'make', env: 'EdgeLLM-v0', config: { agents: 4, renderMode: 'ansi' } });
    assert.equal(made.ok, true);
    assert.deepEqual((made.actionSpace as { type: string }).type, 'Dict');
    assert.equal(made.renderMode, 'ansi');
    const handle = made.handle as number;
    const before = await c.call({ op: 'step', handle, action: { cache: new Int8Array(8), local: new Float32Array(8) } });
    assert.equal(before.error!.code, 'reset_needed');
    const reset = await c.call({ op: 'reset', handle, seed: 3 });
    assert.ok(reset.obs instanceof Float32Array);
    assert.equal((reset.obs as Float32Array).length, 33);
    const invalid = await c.call({ op: 'step', handle, action: { cache: new Int8Array(8), local: new Float32Array(8).fill(NaN) } });
    assert.equal(invalid.error!.code, 'invalid_action');
    assert.match(invalid.error!.message, /action\.local\[0\] is NaN/);
    const step = await c.call({ op: 'step', handle, action: { cache: new Int8Array(8).fill(1), local: new Float32Array(8).fill(1) } });
    assert.equal(step.ok, true);
    assert.equal((step.info as { slot: number }).slot, 1, 'the rejected action did not advance the env');
    const frame = await c.call({ op: 'render', handle });
    assert.equal(typeof frame.frame, 'string');
    assert.equal((await c.call({ op: 'close', handle })).closed, true);
    assert.equal((await c.call({ op: 'step', handle, action: 1 })).error!.code, 'unknown_handle');
    assert.equal((await c.call({ op: 'make', env: 'EdgeLLM-v9' })).error!.code, 'unknown_env');
    const cfg = await c.call({ op: 'make', env: 'EdgeLLM-v0', config: { agents: -1 } });
    assert.equal(cfg.error!.code, 'invalid_config');
    assert.match(cfg.error!.field ?? '', /config.agents/);
    assert.equal((await c.call({ op: 'make', env: 'EdgeLLM-v0', autoreset: 'same-step' })).error!.code, 'bad_request');
    assert.equal((await c.call({ op: 'fly' })).error!.code, 'unknown_op');
    const text = await c.raw('{"op":"hello"}');
    assert.equal(text.error!.code, 'bad_frame');
    assert.equal(text.id, null);
    const bad = await c.raw(new Uint8Array([0xd4, 0x74, 0x00]));
    assert.equal(bad.error!.code, 'bad_frame');
    c.close();
  });

  it('enforces the per-session env limit', async () => {
    const c = await helloClient(server.url);
    assert.equal((await c.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 8 })).ok, true);
    const over = await c.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 3 });
    assert.equal(over.error!.code, 'limit_exceeded');
    assert.match(over.error!.message, /maxEnvsPerSession=10/);
    assert.equal((await c.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 2 })).ok, true);
    c.close();
    await eventually(() => server.stats().envs === 0, 5000, 'envs freed');
  });

  it('closes a connection that sends an oversized frame (1009) and stays up', async () => {
    const c = await helloClient(server.url);
    c.ws.send(encode({ id: 9, op: 'ping', payload: new Uint8Array(100 * 1024) }));
    const [code] = await c.closed;
    assert.equal(code, 1009);
    const d = await helloClient(server.url);
    assert.equal((await d.call({ op: 'ping', payload: 'ok' })).payload, 'ok');
    d.close();
  });

  it('pipelines: replies come in request order, one per request', async () => {
    const c = await helloClient(server.url);
    const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => c.call(i % 7 === 3 ? { op: 'nope' } : { op: 'ping', payload: i })));
    replies.forEach((r, i) => {
      assert.equal(r.id, i + 2);
      if (i % 7 === 3) assert.equal(r.error!.code, 'unknown_op');
      else assert.equal(r.payload, i);
    });
    c.close();
  });

  it('serves a status page as JSON, or HTML when asked', async () => {
    const base = `http://127.0.0.1:${server.port}/`;
    const json = await httpGet(base);
    assert.equal(json.status, 200);
    const doc = JSON.parse(json.body) as { protocol: string; sessions: number; envs: number };
    assert.equal(doc.protocol, '1.2.0');
    assert.equal(typeof doc.sessions, 'number');
    const html = await httpGet(base, { accept: 'text/html' });
    assert.match(html.type, /text\/html/);
    assert.match(html.body, /<table>/);
  });

  it('refuses browser origins other than its own', async () => {
    const r = await upgradeStatus(server.url, { origin: 'https://evil.example' });
    assert.equal(r.status, 403);
    const same = await upgradeStatus(server.url, { origin: `http://127.0.0.1:${server.port}` });
    assert.equal(same.status, 101);
  });
});

describe('bridge/server/server with a token and small limits', () => {
  let server: BridgeServer;
  before(async () => {
    server = await startServer({ port: 0, log: 'silent', token: 's3cret', maxSessions: 2, idleTimeoutMs: 0 });
  });
  after(() => server.close());

  it('answers 401 without or with a wrong token, and admits the right one', async () => {
    const none = await upgradeStatus(server.url);
    assert.equal(none.status, 401);
    assert.equal((JSON.parse(none.body) as { code: string }).code, 'unauthorized');
    assert.equal((await upgradeStatus(server.url, { authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await upgradeStatus(server.url, { authorization: 's3cret' })).status, 401);
    assert.equal((await upgradeStatus(server.url, { authorization: 'Bearer s3cret' })).status, 101);
    assert.equal((await httpGet(`http://127.0.0.1:${server.port}/`)).status, 401);
    assert.equal((await httpGet(`http://127.0.0.1:${server.port}/`, { authorization: 'Bearer s3cret' })).status, 200);
  });

  it('refuses sessions beyond maxSessions with 503', async () => {
    await eventually(() => server.stats().sessions === 0, 5000, 'sessions closed');
    const auth = { authorization: 'Bearer s3cret' };
    const a = await helloClient(server.url, auth);
    const b = await helloClient(server.url, auth);
    const third = await upgradeStatus(server.url, auth);
    assert.equal(third.status, 503);
    assert.equal((JSON.parse(third.body) as { code: string }).code, 'limit_exceeded');
    a.close();
    b.close();
  });
});

describe('bridge/server/server liveness and shutdown', () => {
  it('reaps idle sessions (close code 4008) and frees their envs', async () => {
    const server = await startServer({ port: 0, log: 'silent', idleTimeoutMs: 300, workers: 0 });
    try {
      const c = await helloClient(server.url);
      await c.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 3 });
      assert.equal(server.stats().envs, 3);
      const [code, reason] = await c.closed;
      assert.equal(code, 4008);
      assert.match(reason, /idle/);
      assert.equal(server.stats().envs, 0);
    } finally {
      await server.close();
    }
  });

  it('drops a session that answers no heartbeat ping, keeps one that does', async () => {
    const server = await startServer({ port: 0, log: 'silent', heartbeatMs: 250, workers: 0 });
    try {
      const silent = new WebSocket(server.url, { perMessageDeflate: false, autoPong: false });
      const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
      await new Promise((r) => silent.once('open', r));
      const live = await helloClient(server.url);
      const code = await closed;
      assert.equal(code, 1006, 'the server terminated the silent connection');
      assert.equal((await live.call({ op: 'ping', payload: 'alive' })).payload, 'alive');
      await eventually(() => server.stats().sessions === 1, 5000, 'only the live session left');
      live.close();
    } finally {
      await server.close();
    }
  });

  it('closes a client that does not read its replies (4009)', async () => {
    const server = await startServer({ port: 0, log: 'silent', maxBufferedBytes: 64 * 1024, heartbeatMs: 0, workers: 0 });
    try {
      const c = await helloClient(server.url);
      const socket = (c.ws as unknown as { _socket: { pause(): void } })._socket;
      socket.pause();
      const payload = new Uint8Array(64 * 1024);
      for (let i = 0; i < 400; i++) c.ws.send(encode({ id: 100 + i, op: 'ping', payload }));
      await eventually(() => server.stats().sessions === 0, 20_000, 'slow consumer dropped');
      c.ws.terminate();
    } finally {
      await server.close();
    }
  });

  it('shuts down gracefully: clients get 1001 and every env is freed', async () => {
    const server = await startServer({ port: 0, log: 'silent' });
    const c = await helloClient(server.url);
    await c.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 4 });
    assert.equal(server.stats().envs, 4);
    await server.close();
    const [code] = await c.closed;
    assert.equal(code, 1001);
    assert.equal(server.stats().envs, 0);
    assert.equal(server.stats().sessions, 0);
    await assert.rejects(rawClient(server.url));
  });
});
