/**
 * The bridge attack suite: what a local program or a web page (through DNS rebinding) could try against a
 * loopback server. Every loop is bounded in count and time; servers listen on 127.0.0.1 only.
 */
import { strict as assert } from 'node:assert';
import { WebSocket } from 'ws';
import '../../envs/index.ts';
import { startServer, type BridgeServer } from '../../bridge/server/server.ts';
import { encode } from '../../bridge/protocol/msgpack.ts';
import { eventually, helloClient, httpGet, rawClient, upgradeStatus, type RawReply } from './helpers.ts';

const HUGE_MODELS = Array.from({ length: 64 }, (_, i) => ({ name: `m${i}`, paramsB: 1, bytesPerParam: 1, contextWindow: 4096 }));

describe('bridge attack suite', function () {
  this.timeout(60_000);

  describe('DNS rebinding (finding 2)', () => {
    let server: BridgeServer;
    before(async () => {
      server = await startServer({ port: 0, log: 'silent', workers: 0, allowHosts: ['bridge.internal'] });
    });
    after(() => server.close());

    it('refuses upgrades and HTTP pages whose Host names another site', async () => {
      for (const host of ['evil.example', `evil.example:${server.port}`, 'attacker.127.0.0.1.nip.io', `localhost.evil.example:${server.port}`]) {
        const up = await upgradeStatus(server.url, { host });
        assert.equal(up.status, 403, `upgrade with Host ${host}`);
        assert.match((JSON.parse(up.body) as { message: string }).message, /is not a name of this server/);
        for (const path of ['/', '/leaderboard']) {
          const page = await httpGet(`http://127.0.0.1:${server.port}${path}`, { host });
          assert.equal(page.status, 403, `${path} with Host ${host}`);
        }
      }
      assert.equal(server.stats().sessions, 0);
    });

    it('admits loopback names, the bound address and --allow-host names', async () => {
      for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, 'bridge.internal', `BRIDGE.internal:${server.port}`]) {
        assert.equal((await upgradeStatus(server.url, { host })).status, 101, host);
        assert.equal((await httpGet(`http://127.0.0.1:${server.port}/`, { host })).status, 200, host);
      }
    });

    it('refuses a rebinding page even when its Origin matches its Host', async () => {
      const r = await upgradeStatus(server.url, { host: 'evil.example', origin: 'http://evil.example' });
      assert.equal(r.status, 403);
    });
  });

  describe('slot squatting (finding 4)', () => {
    let server: BridgeServer;
    before(async () => {
      server = await startServer({ port: 0, log: 'silent', workers: 0, maxPendingHello: 3, helloTimeoutMs: 400, idleTimeoutMs: 700, heartbeatMs: 0 });
    });
    after(() => server.close());

    it('caps connections that have not said hello and closes them at the hello deadline (4011)', async () => {
      const squatters = await Promise.all([0, 1, 2].map(() => rawClient(server.url)));
      const refused = await upgradeStatus(server.url);
      assert.equal(refused.status, 503);
      assert.match((JSON.parse(refused.body) as { message: string }).message, /have not said hello yet \(maxPendingHello=3\)/);
      const codes = await Promise.all(squatters.map((s) => s.closed));
      for (const [code, reason] of codes) {
        assert.equal(code, 4011);
        assert.match(reason, /hello/);
      }
      const real = await helloClient(server.url);
      assert.equal((await real.call({ op: 'ping', payload: 1 })).payload, 1);
      real.close();
    });

    it('junk frames do not reset the idle timer; valid requests do', async () => {
      const junk = await helloClient(server.url);
      const valid = await helloClient(server.url);
      let junkReplies = 0;
      const timer = setInterval(() => {
        void junk.raw(new Uint8Array([0xc1])).then(() => junkReplies++);
        void valid.call({ op: 'ping' });
      }, 100);
      try {
        const [code] = await junk.closed;
        assert.equal(code, 4008);
        assert.ok(junkReplies >= 3, `junk frames were answered (${junkReplies}) but did not count as activity`);
        assert.equal(valid.ws.readyState, WebSocket.OPEN, 'the client sending valid requests stays');
      } finally {
        clearInterval(timer);
        valid.close();
      }
    });
  });

  describe('heartbeat (finding 4)', () => {
    it('counts only pongs that answer the server ping', async () => {
      const server = await startServer({ port: 0, log: 'silent', workers: 0, heartbeatMs: 200 });
      try {
        const forger = new WebSocket(server.url, { perMessageDeflate: false, autoPong: false });
        const closed = new Promise<number>((resolve) => forger.on('close', (code) => resolve(code)));
        await new Promise((r) => forger.once('open', r));
        forger.send(encode({ id: 1, op: 'hello', protocol: '1.0.0' }));
        const forging = setInterval(() => forger.pong(Buffer.from('unsolicited')), 40);
        const honest = await helloClient(server.url);
        try {
          assert.equal(await closed, 1006, 'the server terminated the connection answering no ping');
        } finally {
          clearInterval(forging);
        }
        await new Promise((r) => setTimeout(r, 500));
        assert.equal((await honest.call({ op: 'ping', payload: 'still here' })).payload, 'still here');
        honest.close();
      } finally {
        await server.close();
      }
    });
  });

  describe('the heavy make and fairness (finding 1)', () => {
    let server: BridgeServer;
    before(async () => {
      server = await startServer({ port: 0, log: 'silent', workers: 2, maxTotalCost: 1500, heartbeatMs: 0 });
    });
    after(() => server.close());

    it('refuses a make over the session cost budget with limit_exceeded before making anything', async () => {
      const c = await helloClient(server.url);
      const r = await c.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 8, config: { agents: 1000, models: HUGE_MODELS } });
      assert.equal(r.ok, false);
      assert.equal(r.error?.code, 'limit_exceeded');
      assert.match(r.error!.message, /costs 25600 units .* maxCostPerSession=1024/);
      assert.equal(r.error?.field, 'request.numEnvs');
      assert.equal(server.stats().envs, 0);
      assert.equal(server.stats().cost, 0);
      const ok = await c.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 2, config: { agents: 20 } });
      assert.equal(ok.ok, true, JSON.stringify(ok.error));
      assert.equal(server.stats().cost, 4);
      c.close();
      await eventually(() => server.stats().cost === 0, 5000, 'cost released');
    });

    it('refuses what passes the server-wide budget, and releases it when sessions close', async () => {
      const a = await helloClient(server.url);
      const b = await helloClient(server.url);
      assert.equal((await a.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 1000 })).ok, true);
      const r = await b.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 600 });
      assert.equal(r.error?.code, 'limit_exceeded');
      assert.match(r.error!.message, /maxTotalCost=1500/);
      a.close();
      await eventually(() => server.stats().cost === 0, 10_000, 'cost released');
      assert.equal((await b.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 600 })).ok, true);
      b.close();
    });

    it("answers another session while one makes the largest batch and pipelines steps", async () => {
      const heavy = await helloClient(server.url);
      const light = await helloClient(server.url);
      const order: string[] = [];
      const made = heavy.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 1024 }).then((r) => {
        order.push('heavy make');
        return r;
      });
      const lm = await light.call({ op: 'make', env: 'EdgeLLM-v0' });
      await light.call({ op: 'reset', handle: lm.handle, seed: 1 });
      order.push('light reset');
      const h = (await made).handle as number;
      assert.deepEqual(order, ['light reset', 'heavy make'], 'the light session was served during the heavy make');
      await heavy.call({ op: 'reset', handle: h, seed: 1 });
      const action = { cache: new Int8Array(20 * 1024), local: new Float32Array(20 * 1024).fill(0.5) };
      // enough pipelined steps that the heavy session is still busy after the light one's three round trips,
      // however fast the batch step gets (16 were once enough; the faster batch env finished them first)
      const HEAVY = 64;
      let heavyDone = 0;
      const steps: Promise<RawReply>[] = [];
      for (let i = 0; i < HEAVY; i++) steps.push(heavy.call({ op: 'step', handle: h, action }).then((r) => (heavyDone++, r)));
      const single = { cache: new Int8Array(20), local: new Float32Array(20).fill(0.5) };
      for (let i = 0; i < 3; i++) assert.equal((await light.call({ op: 'step', handle: lm.handle, action: single })).ok, true);
      assert.ok(heavyDone < HEAVY, `the light session's three steps were answered while the heavy one had ${HEAVY - heavyDone} of ${HEAVY} steps waiting`);
      for (const r of await Promise.all(steps)) assert.equal(r.ok, true, JSON.stringify(r.error));
      heavy.close();
      light.close();
    });
  });

  describe('memory of unsent replies (finding 5)', () => {
    it('closes the largest reader-less session when all unsent replies pass maxTotalBufferedBytes (4012)', async () => {
      const server = await startServer({ port: 0, log: 'silent', workers: 0, maxTotalBufferedBytes: 256 * 1024, maxBufferedBytes: 64 * 1024 * 1024, heartbeatMs: 0 });
      try {
        const c = await helloClient(server.url);
        const socket = (c.ws as unknown as { _socket: { pause(): void } })._socket;
        socket.pause();
        const payload = new Uint8Array(32 * 1024);
        for (let i = 0; i < 200; i++) c.ws.send(encode({ id: 100 + i, op: 'ping', payload }));
        await eventually(() => server.stats().sessions === 0, 20_000, 'session over the total cap dropped');
        c.ws.terminate();
      } finally {
        await server.close();
      }
    });
  });

  describe('hostile frames', () => {
    it('answers text, garbage, truncated and wrong-typed frames with typed errors and keeps serving', async () => {
      const server = await startServer({ port: 0, log: 'silent', workers: 1 });
      try {
        const c = await helloClient(server.url);
        const hostile: (Uint8Array | string)[] = [
          'hello',
          new Uint8Array([0xc1]),
          new Uint8Array([0x82, 0xa2, 0x69]),
          encode([1, 2, 3]),
          encode({ id: 5, op: 'step', handle: 'x', action: null }),
          encode({ id: 6, op: 'make', env: 'EdgeLLM-v0', numEnvs: -1 }),
          encode({ id: 7, op: 'make', env: 'EdgeLLM-v0', numEnvs: 1e9 }),
          encode({ id: 8, op: 'reset', handle: 999 }),
        ];
        for (const frame of hostile) {
          const r = await c.raw(frame);
          assert.equal(r.ok, false);
          assert.ok(['bad_frame', 'bad_request', 'unknown_handle', 'limit_exceeded'].includes(r.error!.code), r.error!.code);
        }
        assert.equal((await c.call({ op: 'ping', payload: 'ok' })).payload, 'ok');
        assert.equal(server.stats().envs, 0);
        c.close();
      } finally {
        await server.close();
      }
    });
  });
});
