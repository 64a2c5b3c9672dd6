import { strict as assert } from 'node:assert';
import '../../../envs/index.ts';
import { make } from '../../../src/registry/registry.ts';
import { checkEnv } from '../../../src/checker/env-checker.ts';
import { Env } from '../../../src/core/env.ts';
import { runEpisode } from '../../../agents/evaluation/evaluate.ts';
import { EDGE_BASELINES, makeBaseline } from '../../../agents/baselines/edge-llm/index.ts';
import { RemoteEnv } from '../../../bridge/client/remote-env.ts';
import { SyncConnection } from '../../../bridge/client/sync-connection.ts';
import { Connection } from '../../../bridge/client/connection.ts';
import { BridgeError } from '../../../bridge/protocol/error-codes.ts';
import { startServerThread, type ServerThread } from '../../../bridge/server/server-thread.ts';
import { asSent, bitsOf } from '../helpers.ts';

/** Deterministic action of step t (the same on every side of the equivalence tests). */
function actionAt(t: number, pairs: number): { cache: Int8Array; local: Float32Array } {
  const cache = new Int8Array(pairs);
  const local = new Float32Array(pairs);
  for (let p = 0; p < pairs; p++) {
    cache[p] = (t + p) % 3 === 0 ? 1 : 0;
    local[p] = ((t * 7 + p) % 11) / 10;
  }
  return { cache, local };
}

describe('bridge/client/remote-env', function () {
  this.timeout(60_000);
  let server: ServerThread;
  before(async () => {
    server = await startServerThread({ port: 0 });
  });
  after(() => server.close());

  it('is an Env whose spaces, metadata and spec mirror the server env', () => {
    const env = RemoteEnv.open(server.url, 'EdgeLLM-v0', { config: { agents: 5 } });
    const local = make('EdgeLLM-v0', { agents: 5 });
    assert.ok(env instanceof Env);
    assert.ok(env.observationSpace.equals(local.observationSpace));
    assert.ok(env.actionSpace.equals(local.actionSpace));
    assert.deepEqual(env.metadata.renderModes, local.metadata.renderModes);
    assert.equal(env.spec?.id, 'EdgeLLM-v0');
    assert.equal(env.spec?.kwargs.agents, 5);
    env.close();
    env.close();
  });

  it('gives bit-identical observations, rewards and infos to the in-process env for the same seed and actions', () => {
    const env = RemoteEnv.open(server.url, 'EdgeLLM-Shift-v0');
    const local = make('EdgeLLM-Shift-v0');
    const [o1, i1] = env.reset({ seed: 1234 });
    const [o2, i2] = local.reset({ seed: 1234 });
    assert.equal(bitsOf(o1 as Float32Array), bitsOf(o2 as Float32Array));
    assert.deepEqual(i1, asSent(i2));
    for (let t = 0; t < 100; t++) {
      const a = actionAt(t, 20);
      const r1 = env.step(a);
      const r2 = local.step(a);
      assert.equal(bitsOf(r1[0] as Float32Array), bitsOf(r2[0] as Float32Array), `obs at step ${t}`);
      assert.ok(Object.is(r1[1], asSent(r2[1])), `reward at step ${t}: ${r1[1]} vs ${r2[1]}`);
      assert.equal(r1[2], r2[2]);
      assert.equal(r1[3], r2[3]);
      assert.deepEqual(r1[4], asSent(r2[4]));
    }
    assert.throws(() => env.step(actionAt(0, 20)), (e: unknown) => e instanceof BridgeError && e.code === 'reset_needed');
    env.close();
  });

  it('runs every baseline agent unchanged, with the same episode record as in-process', () => {
    const env = RemoteEnv.open(server.url, 'EdgeLLM-v0');
    const local = make('EdgeLLM-v0');
    for (const name of Object.keys(EDGE_BASELINES)) {
      const ctxR = { observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 5 };
      const ctxL = { observationSpace: local.observationSpace, actionSpace: local.actionSpace, seed: 5 };
      const rRemote = runEpisode(env, makeBaseline(name, ctxR), 10007);
      const rLocal = runEpisode(local, makeBaseline(name, ctxL), 10007);
      assert.deepEqual(rRemote, asSent(rLocal), name);
    }
    env.close();
  });

  it('passes checkEnv', () => {
    const env = RemoteEnv.open(server.url, 'EdgeLLM-v0');
    const { warnings } = checkEnv(env);
    assert.ok(warnings.every((w) => !/not equivalent|non-deterministic/.test(w)), warnings.join('\n'));
    env.close();
  });

  it('rejects an invalid action without changing the env state', () => {
    const env = RemoteEnv.open(server.url, 'EdgeLLM-v0');
    const local = make('EdgeLLM-v0');
    env.reset({ seed: 9 });
    local.reset({ seed: 9 });
    const bad = { cache: new Int8Array(20), local: new Float32Array(20).fill(1.2) };
    assert.throws(() => env.step(bad), (e: unknown) => e instanceof BridgeError && e.code === 'invalid_action' && /never clipped/.test(e.message));
    assert.throws(() => env.step({ cache: new Int8Array(20) } as never), (e: unknown) => e instanceof BridgeError && e.code === 'invalid_action');
    const a = actionAt(3, 20);
    assert.equal(bitsOf(env.step(a)[0] as Float32Array), bitsOf(local.step(a)[0] as Float32Array));
    env.close();
  });

  it('reports refused connections and failed makes as typed errors', async () => {
    assert.throws(() => RemoteEnv.open(server.url, 'Nope-v0'), (e: unknown) => e instanceof BridgeError && e.code === 'unknown_env');
    assert.throws(
      () => RemoteEnv.open(server.url, 'EdgeLLM-v0', { config: { gpus: 0 } }),
      (e: unknown) => e instanceof BridgeError && e.code === 'invalid_config' && /gpus/.test(e.message),
    );
    assert.throws(() => RemoteEnv.open('ws://127.0.0.1:1', 'EdgeLLM-v0', { timeoutMs: 5000 }), (e: unknown) => e instanceof BridgeError && e.code === 'connection_closed');
    await assert.rejects(RemoteEnv.connect('ws://127.0.0.1:1', 'EdgeLLM-v0'), (e: unknown) => e instanceof BridgeError && e.code === 'connection_closed');
  });

  it('offers an async API with pipelining across envs sharing a connection', async () => {
    const conn = await Connection.open(server.url);
    const envs = await Promise.all(Array.from({ length: 4 }, () => RemoteEnv.create(conn, 'EdgeLLM-v0')));
    const locals = envs.map(() => make('EdgeLLM-v0'));
    const firsts = await Promise.all(envs.map((e, i) => e.resetAsync({ seed: 50 + i })));
    firsts.forEach(([o], i) => assert.equal(bitsOf(o as Float32Array), bitsOf(locals[i]!.reset({ seed: 50 + i })[0] as Float32Array)));
    for (let t = 0; t < 20; t++) {
      const a = actionAt(t, 20);
      const results = await Promise.all(envs.map((e) => e.stepAsync(a)));
      results.forEach((r, i) => assert.ok(Object.is(r[1], asSent(locals[i]!.step(a)[1]))));
    }
    assert.throws(() => envs[0]!.step(actionAt(0, 20)), /synchronous.*connect\(\)/);
    await Promise.all(envs.map((e) => e.closeAsync()));
    await conn.close();
  });

  it('serves async calls on the blocking connection too, and shares it between envs', async () => {
    const conn = SyncConnection.open(server.url);
    const a = RemoteEnv.makeSync(conn, 'EdgeLLM-v0');
    const b = RemoteEnv.makeSync(conn, 'EdgeLLM-v0');
    const [[oa], [ob]] = await Promise.all([a.resetAsync({ seed: 1 }), b.resetAsync({ seed: 1 })]);
    assert.equal(bitsOf(oa as Float32Array), bitsOf(ob as Float32Array));
    const s = a.step(actionAt(0, 20));
    assert.equal(s[4].slot, 1);
    const replies = conn.requestManySync([{ op: 'ping', fields: { payload: 1 } }, { op: 'nope' }, { op: 'ping', fields: { payload: 3 } }]);
    assert.equal((replies[0] as { payload: number }).payload, 1);
    assert.ok(replies[1] instanceof BridgeError && replies[1].code === 'unknown_op');
    assert.equal((replies[2] as { payload: number }).payload, 3);
    a.close();
    b.close();
    conn.closeSync();
    assert.equal(conn.closed, true);
  });
});

describe('bridge/client/remote-env when the server closes the session', function () {
  this.timeout(60_000);
  it('fails the next call with connection_closed (not a timeout)', async () => {
    const server = await startServerThread({ port: 0, idleTimeoutMs: 200 });
    try {
      const env = RemoteEnv.open(server.url, 'EdgeLLM-v0', { timeoutMs: 20_000 });
      env.reset({ seed: 1 });
      await new Promise((r) => setTimeout(r, 1500));
      const t0 = Date.now();
      assert.throws(
        () => env.step(actionAt(0, 20)),
        (e: unknown) => e instanceof BridgeError && e.code === 'connection_closed' && /4008|idle/.test(e.message),
      );
      if (process.env.BRIDGE_TEST_VERBOSE) console.log('failed after', Date.now() - t0, 'ms');
      assert.ok(Date.now() - t0 < 10_000);
      env.close();
    } finally {
      await server.close();
    }
  });
});
