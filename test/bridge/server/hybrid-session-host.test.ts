/**
 * Sessions placed by their first environment: single envs stay on the accepting thread, vector handles move
 * to a session worker before their make runs; frames keep their order through a move; the accepting thread's
 * limit is refused with the fix; replies are those of a server without session workers.
 */
import assert from 'node:assert/strict';
import '../../../envs/index.ts';
import { encode } from '../../../bridge/protocol/msgpack.ts';
import { HybridSessionHost, frameKind } from '../../../bridge/server/hybrid-session-host.ts';
import { closedSessionOutcome } from '../../../bridge/server/session-host.ts';
import type { LogFields, Logger } from '../../../bridge/server/logger.ts';
import { type BridgeServer, startServer } from '../../../bridge/server/server.ts';
import { type RawReply, helloClient, rawClient } from '../helpers.ts';

interface LogRecord {
  msg: string;
  fields?: LogFields;
}

/** A logger that keeps every record. */
function capturingLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const keep = (msg: string, fields?: LogFields): void => {
    records.push({ msg, ...(fields !== undefined ? { fields } : {}) });
  };
  return { level: 'debug', debug: keep, info: keep, warn: keep, error: keep, records };
}

const MOVED = 'session moved to this thread';

/** What a client sees of a run: every reply without its id. */
function strip(r: RawReply): Record<string, unknown> {
  const { id: _id, ...rest } = r;
  return rest;
}

describe('bridge/server/hybrid-session-host', () => {
  describe('frameKind', () => {
    const kind = (m: Record<string, unknown>) => frameKind(encode({ id: 1, ...m }), true);
    it('a make with numEnvs is a vector handle; make, parallel.make and evaluate.start without it make one env', () => {
      assert.equal(kind({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 4 }), 'vector');
      assert.equal(kind({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 1 }), 'vector');
      assert.equal(kind({ op: 'make', env: 'EdgeLLM-v0' }), 'single');
      assert.equal(kind({ op: 'parallel.make', env: 'EdgeLLMMulti-v0' }), 'single');
      assert.equal(kind({ op: 'evaluate.start', env: 'EdgeLLM-v0', agent: 'a' }), 'single');
    });
    it('anything else decides nothing: hello, ping, steps, junk bytes, text frames, non-maps', () => {
      assert.equal(kind({ op: 'hello', protocol: '1.2.0' }), 'other');
      assert.equal(kind({ op: 'ping' }), 'other');
      assert.equal(kind({ op: 'step', handle: 1, action: 0 }), 'other');
      assert.equal(frameKind(new Uint8Array([0xc1, 0xff, 0x00]), true), 'other');
      assert.equal(frameKind(encode({ op: 'make', env: 'EdgeLLM-v0' }), false), 'other');
      assert.equal(frameKind(encode([1, 2, 3]), true), 'other');
      assert.equal(frameKind(encode(null), true), 'other');
    });
  });

  describe('a server with a session worker', function () {
    this.timeout(60_000);
    let hybrid: BridgeServer;
    let inline: BridgeServer;
    let log: ReturnType<typeof capturingLogger>;
    before(async () => {
      log = capturingLogger();
      hybrid = await startServer({ port: 0, workers: 1, inlineMaxEnvs: 3, log });
      inline = await startServer({ port: 0, workers: 0, log: false });
    });
    after(async () => {
      await hybrid.close();
      await inline.close();
    });

    /** Runs `requests` on both servers (sequentially) and returns both runs' replies. */
    async function both(requests: Record<string, unknown>[]): Promise<[RawReply[], RawReply[]]> {
      const out: RawReply[][] = [];
      for (const server of [hybrid, inline]) {
        const c = await helloClient(server.url);
        const replies: RawReply[] = [];
        for (const r of requests) replies.push(await c.call(r));
        c.close();
        out.push(replies);
      }
      return [out[0]!, out[1]!];
    }

    const steps = (handle: number, action: unknown, n: number) => Array.from({ length: n }, () => ({ op: 'step', handle, action }));
    const local = new Float32Array(20).fill(0.5);
    const cache = new Int8Array(20).fill(1);

    it('serves a single env on the accepting thread, with the replies of a server without workers', async () => {
      const before = log.records.filter((r) => r.msg === MOVED).length;
      const [h, i] = await both([{ op: 'make', env: 'EdgeLLM-v0' }, { op: 'reset', handle: 1, seed: 5 }, ...steps(1, { cache, local }, 30)]);
      assert.deepEqual(h.map(strip), i.map(strip));
      assert.ok(h.every((r) => r.ok));
      assert.equal(log.records.filter((r) => r.msg === MOVED).length, before, 'no session moved');
    });

    it('moves a session whose first make is a vector handle to the worker, keeping its id, with the same replies', async () => {
      const before = log.records.filter((r) => r.msg === MOVED).length;
      const batch = { cache: new Int8Array(4 * 20).fill(1), local: new Float32Array(4 * 20).fill(0.25) };
      const [h, i] = await both([{ op: 'make', env: 'EdgeLLM-v0', numEnvs: 4 }, { op: 'reset', handle: 1, seed: 9 }, ...steps(1, batch, 12)]);
      assert.deepEqual(h.map(strip), i.map(strip));
      assert.ok(h.every((r) => r.ok));
      await waitFor(() => log.records.filter((r) => r.msg === MOVED).length === before + 1);
    });

    it('keeps the hello session id through the move', async () => {
      const c = await helloClient(hybrid.url);
      const opened = log.records.filter((r) => r.msg === 'session opened').at(-1)!;
      const made = await c.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 2 });
      assert.ok(made.ok);
      await waitFor(() => log.records.some((r) => r.msg === MOVED && r.fields?.session === opened.fields?.session));
      c.close();
    });

    it('keeps the order of frames sent while the session moves (pipelined)', async () => {
      const batch = { cache: new Int8Array(3 * 20).fill(1), local: new Float32Array(3 * 20).fill(0.75) };
      const requests = [{ op: 'make', env: 'EdgeLLM-v0', numEnvs: 3 }, { op: 'reset', handle: 1, seed: 2 }, ...steps(1, batch, 8), { op: 'close', handle: 1 }, { op: 'ping' }];
      const c = await helloClient(hybrid.url);
      const replies = await Promise.all(requests.map((r) => c.call(r)));
      c.close();
      const [, sequential] = await both(requests);
      assert.deepEqual(
        replies.map((r) => r.id),
        replies.map((_, k) => k + 2),
        'one reply per request, in order',
      );
      assert.deepEqual(replies.map(strip), sequential.map(strip));
    });

    it('refuses more envs than inlineMaxEnvs in a session on the accepting thread, naming the limit and the fix; the session goes on', async () => {
      const c = await helloClient(hybrid.url);
      assert.ok((await c.call({ op: 'make', env: 'EdgeLLM-v0' })).ok);
      assert.ok((await c.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 2 })).ok, 'three envs fit');
      const refused = await c.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 2 });
      assert.equal(refused.ok, false);
      assert.equal(refused.error?.code, 'limit_exceeded');
      assert.equal(refused.error?.field, 'request.numEnvs');
      assert.match(refused.error!.message, /inlineMaxEnvs/);
      assert.match(refused.error!.message, /another connection/);
      assert.ok((await c.call({ op: 'reset', handle: 1, seed: 1 })).ok);
      assert.ok((await c.call({ op: 'step', handle: 1, action: { cache, local } })).ok);
      c.close();
    });

    it('counts a moved session once', async () => {
      await waitFor(() => hybrid.stats().sessions === 0);
      const opened = hybrid.stats().sessionsOpened;
      const c = await helloClient(hybrid.url);
      assert.ok((await c.call({ op: 'make', env: 'EdgeLLM-v0', numEnvs: 2 })).ok);
      assert.equal(hybrid.stats().sessions, 1);
      assert.equal(hybrid.stats().sessionsOpened, opened + 1);
      assert.equal(hybrid.stats().envs, 2);
      c.close();
      await waitFor(() => hybrid.stats().sessions === 0 && hybrid.stats().envs === 0);
    });

    it('says the limit in hello: inlineMaxEnvs with workers, null without', async () => {
      for (const [server, want] of [
        [hybrid, 3],
        [inline, null],
      ] as const) {
        const c = await rawClient(server.url);
        const r = await c.call({ op: 'hello', protocol: '1.2.0' });
        assert.equal((r.limits as Record<string, unknown>).inlineMaxEnvs, want);
        c.close();
      }
    });
  });

  it('a session that cannot move is closed, its frames answered with the closed-session reply, and the failure logged', async () => {
    const log = capturingLogger();
    const calls: string[] = [];
    const local = {
      open: () => calls.push('local.open'),
      frame: async () => ({ reply: new Uint8Array([1]), valid: true, helloDone: true }),
      moveOut: () => {
        throw new Error('holds 1 handles');
      },
      closeSession: async () => {
        calls.push('local.closeSession');
      },
    };
    const workers = {
      open: () => calls.push('workers.open'),
      frame: async () => {
        calls.push('workers.frame');
        return closedSessionOutcome();
      },
      closeSession: async () => undefined,
    };
    const host = new HybridSessionHost(local as never, workers as never, log);
    host.open(1, 'test');
    const outcome = await host.frame(1, encode({ id: 1, op: 'make', env: 'EdgeLLM-v0', numEnvs: 2 }), true);
    assert.deepEqual(outcome.close, closedSessionOutcome().close);
    assert.deepEqual(calls, ['local.open', 'local.closeSession', 'workers.frame']);
    assert.ok(log.records.some((r) => /could not move/.test(r.msg) && r.fields?.error === 'holds 1 handles'));
    assert.equal(host.placeOf(1), 'worker');
  });

  it('inlineMaxEnvs: 0 serves every session on a worker (no session on the accepting thread)', async () => {
    const log = capturingLogger();
    const server = await startServer({ port: 0, workers: 1, inlineMaxEnvs: 0, log });
    try {
      const c = await helloClient(server.url);
      for (let k = 0; k < 5; k++) assert.ok((await c.call({ op: 'make', env: 'EdgeLLM-v0' })).ok, 'no accepting-thread limit');
      c.close();
      assert.equal(log.records.filter((r) => r.msg === MOVED).length, 0);
    } finally {
      await server.close();
    }
  });
});

/** Polls `check` until it holds (or fails after 5 s). */
async function waitFor(check: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > end) assert.fail('condition not reached within 5 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}
