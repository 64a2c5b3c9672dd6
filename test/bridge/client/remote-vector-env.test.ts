import { strict as assert } from 'node:assert';
import '../../../envs/index.ts';
import { makeVec } from '../../../src/registry/registry.ts';
import { VectorEnv } from '../../../src/vector/vector-env.ts';
import { RemoteVectorEnv } from '../../../bridge/client/remote-vector-env.ts';
import { BridgeError } from '../../../bridge/protocol/error-codes.ts';
import { startServerThread, type ServerThread } from '../../../bridge/server/server-thread.ts';
import { asSent, bitsOf } from '../helpers.ts';

describe('bridge/client/remote-vector-env', function () {
  this.timeout(60_000);
  let server: ServerThread;
  before(async () => {
    server = await startServerThread({ port: 0 });
  });
  after(() => server.close());

  for (const mode of ['next-step', 'same-step'] as const) {
    it(`matches makeVec step for step over an episode boundary (autoreset ${mode})`, () => {
      const remote = RemoteVectorEnv.open(server.url, 'EdgeLLM-v0', 3, { autoresetMode: mode, config: { horizon: 5, agents: 3 } });
      const local = makeVec('EdgeLLM-v0', 3, { vectorKwargs: { autoresetMode: mode }, kwargs: { horizon: 5, agents: 3 } });
      assert.ok(remote instanceof VectorEnv);
      assert.ok(remote.observationSpace.equals(local.observationSpace));
      assert.ok(remote.singleActionSpace.equals(local.singleActionSpace));
      assert.equal(remote.metadata.autoresetMode, mode);
      const [o1, i1] = remote.reset({ seed: [7, undefined, 9] });
      const [o2, i2] = local.reset({ seed: [7, undefined, 9] });
      const d = 4 * 3 * 2 + 1;
      for (const k of [0, 2]) {
        assert.equal(bitsOf((o1 as Float32Array).subarray(k * d, (k + 1) * d)), bitsOf((o2 as Float32Array).subarray(k * d, (k + 1) * d)), `sub-env ${k}`);
      }
      assert.deepEqual(Object.keys(i1).sort(), Object.keys(i2).sort());
      const [o1b] = remote.reset({ seed: 11 });
      const [o2b] = local.reset({ seed: 11 });
      assert.equal(bitsOf(o1b as Float32Array), bitsOf(o2b as Float32Array));
      local.actionSpace.seed(4);
      for (let t = 0; t < 12; t++) {
        const a = local.actionSpace.sample();
        const r = remote.step(a);
        const l = local.step(a);
        assert.equal(bitsOf(r[0] as Float32Array), bitsOf(l[0] as Float32Array), `obs at ${t}`);
        assert.equal(bitsOf(r[1]), bitsOf(l[1]), `rewards at ${t}`);
        assert.deepEqual(r[2], l[2]);
        assert.deepEqual(r[3], l[3]);
        assert.deepEqual(r[4], asSent(l[4]), `infos at ${t}`);
      }
      remote.close();
      local.close();
    });
  }

  it('resets masked sub-envs with autoreset disabled', () => {
    const remote = RemoteVectorEnv.open(server.url, 'EdgeLLM-v0', 2, { autoresetMode: 'disabled', config: { horizon: 2 } });
    const local = makeVec('EdgeLLM-v0', 2, { vectorKwargs: { autoresetMode: 'disabled' }, kwargs: { horizon: 2 } });
    remote.reset({ seed: 1 });
    local.reset({ seed: 1 });
    local.actionSpace.seed(1);
    for (let t = 0; t < 2; t++) {
      const a = local.actionSpace.sample();
      remote.step(a);
      local.step(a);
    }
    const [ro, ri] = remote.reset({ options: { reset_mask: [false, true] } });
    const [lo, li] = local.reset({ options: { reset_mask: [false, true] } });
    assert.equal(bitsOf(ro as Float32Array), bitsOf(lo as Float32Array));
    assert.deepEqual(ri, asSent(li));
    remote.close();
  });

  it('rejects a batch with one bad entry before any sub-env steps', () => {
    const remote = RemoteVectorEnv.open(server.url, 'EdgeLLM-v0', 4);
    const local = makeVec('EdgeLLM-v0', 4);
    remote.reset({ seed: 2 });
    local.reset({ seed: 2 });
    local.actionSpace.seed(2);
    const a = local.actionSpace.sample() as { cache: Int8Array; local: Float32Array };
    const bad = { cache: a.cache, local: Float32Array.from(a.local) };
    bad.local[3 * 20 + 5] = -0.5;
    assert.throws(() => remote.step(bad), (e: unknown) => e instanceof BridgeError && e.code === 'invalid_action' && /action\.local\[65\]/.test(e.message));
    assert.equal(bitsOf(remote.step(a)[0] as Float32Array), bitsOf(local.step(a)[0] as Float32Array));
    remote.close();
  });

  it('works asynchronously', async () => {
    const remote = await RemoteVectorEnv.connect(server.url, 'EdgeLLM-v0', 2);
    const [obs] = await remote.resetAsync({ seed: 3 });
    assert.equal((obs as Float32Array).length, 2 * 81);
    const r = await remote.stepAsync(remote.actionSpace.sample());
    assert.equal(r[1].length, 2);
    await remote.closeAsync();
  });
});
