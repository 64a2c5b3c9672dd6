import { strict as assert } from 'node:assert';
import { RemoteParallelEnv } from '../../../bridge/client/remote-parallel-env.ts';
import { checkParallelEnv } from '../../../src/parallel/parallel-env-checker.ts';
import { SingleAgentView } from '../../../src/parallel/single-agent-view.ts';
import { checkEnv } from '../../../src/checker/env-checker.ts';
import { Connection } from '../../../bridge/client/connection.ts';
import { BridgeError } from '../../../bridge/protocol/error-codes.ts';
import { startServerThread, type ServerThread } from '../../../bridge/server/server-thread.ts';
import { PairParallelEnv } from '../../fixtures/pair-parallel-env.ts';
import { makeParallel } from '../../../src/parallel/parallel-registry.ts';
import '../../../envs/index.ts';
import { asSent, bitsOf } from '../helpers.ts';

const FIXTURE = new URL('../../fixtures/pair-parallel-module.ts', import.meta.url).href;
const PAIR_ID = 'test/Pair-v0';

/** Deterministic actions of step t for the live agents. */
function actionsAt(t: number, agents: readonly string[]): Record<string, number | Float32Array> {
  const out: Record<string, number | Float32Array> = {};
  for (const a of agents) out[a] = a === 'scout' ? (t + 1) % 3 : Float32Array.of(((t % 4) - 1.5) / 2, 0.1 * t - 0.2);
  return out;
}

describe('bridge/client/remote-parallel-env', function () {
  this.timeout(60_000);
  let server: ServerThread;
  before(async () => {
    server = await startServerThread({ port: 0, preload: [FIXTURE] });
  });
  after(() => server.close());

  it('mirrors the agents and their spaces, returning the same space object per agent', () => {
    const env = RemoteParallelEnv.open(server.url, PAIR_ID);
    const local = new PairParallelEnv();
    assert.deepEqual(env.possibleAgents, local.possibleAgents);
    assert.deepEqual(env.agents, []);
    for (const a of local.possibleAgents) {
      assert.ok(env.observationSpace(a).equals(local.observationSpace(a)), a);
      assert.ok(env.actionSpace(a).equals(local.actionSpace(a)), a);
      assert.equal(env.actionSpace(a), env.actionSpace(a));
    }
    assert.equal(env.metadata.name, 'pair');
    assert.equal(env.remoteSpec?.id, PAIR_ID);
    assert.throws(() => env.actionSpace('pilot'), /actionSpace\("pilot"\): not an agent of test\/Pair-v0 \(possible agents: scout, carrier\)/);
    env.close();
    env.close();
  });

  it('gives the same observations, rewards, flags, infos and live agents as the local env for the same seed and actions', () => {
    const env = RemoteParallelEnv.open(server.url, PAIR_ID, { config: { length: 8, carrierSteps: 5 } });
    const local = new PairParallelEnv({ length: 8, carrierSteps: 5 });
    for (const seed of [0, 77]) {
      const [ro, ri] = env.reset({ seed });
      const [lo, li] = local.reset({ seed });
      assert.deepEqual(env.agents, local.agents);
      for (const a of local.agents) assert.equal(bitsOf(ro[a] as Float32Array), bitsOf(lo[a]!), `reset obs of ${a}`);
      assert.deepEqual(ri, li);
      let steps = 0;
      for (let t = 0; local.agents.length > 0; t++, steps++) {
        const actions = actionsAt(t, local.agents);
        const [o, r, te, tr, inf] = env.step(actions);
        const [lo2, lr, lte, ltr, linf] = local.step(actions);
        for (const a of Object.keys(lo2)) assert.equal(bitsOf(o[a] as Float32Array), bitsOf(lo2[a]!), `obs of ${a} at step ${t}`);
        assert.deepEqual(r, lr);
        assert.deepEqual([te, tr, inf], [lte, ltr, linf]);
        assert.deepEqual(env.agents, local.agents);
      }
      assert.equal(steps, 8);
    }
    assert.throws(() => env.step({ scout: 0 }), (e: unknown) => e instanceof BridgeError && e.code === 'reset_needed');
    env.close();
  });

  it('throws typed errors naming the agent for bad actions, and the env stays where it was', () => {
    const env = RemoteParallelEnv.open(server.url, PAIR_ID);
    const local = new PairParallelEnv();
    env.reset({ seed: 4 });
    local.reset({ seed: 4 });
    assert.throws(() => env.step({ scout: 1 }), (e: unknown) => e instanceof BridgeError && e.code === 'invalid_action' && e.field === 'request.actions.carrier');
    assert.throws(
      () => env.step({ scout: 1, carrier: Float32Array.of(0, 0), spy: 0 } as never),
      (e: unknown) => e instanceof BridgeError && e.code === 'invalid_action' && /"spy" is not an agent/.test(e.message),
    );
    const a = actionsAt(0, local.agents);
    assert.deepEqual(env.step(a)[1], local.step(a)[1]);
    env.close();
  });

  it('passes checkParallelEnv as the local env does', () => {
    const env = RemoteParallelEnv.open(server.url, PAIR_ID);
    const remote = checkParallelEnv(env, { numCycles: 20 });
    const local = checkParallelEnv(new PairParallelEnv(), { numCycles: 20 });
    assert.deepEqual(remote, local);
    assert.equal(remote.steps, 6);
    env.close();
  });

  it('works under SingleAgentView: checkEnv passes and the episode equals the local view\'s', () => {
    const remote = new SingleAgentView(RemoteParallelEnv.open(server.url, PAIR_ID));
    const local = new SingleAgentView(new PairParallelEnv());
    const { warnings } = checkEnv(remote);
    assert.ok(warnings.every((w) => !/not equivalent|non-deterministic/.test(w)), warnings.join('\n'));
    const [ro] = remote.reset({ seed: 12 });
    const [lo] = local.reset({ seed: 12 });
    assert.equal(bitsOf(ro as Float32Array), bitsOf(lo as Float32Array));
    remote.actionSpace.seed(3);
    let done = false;
    while (!done) {
      const a = remote.actionSpace.sample();
      const [o, r, te, tr] = remote.step(a);
      const [o2, r2, te2, tr2] = local.step(a);
      assert.equal(bitsOf(o as Float32Array), bitsOf(o2 as Float32Array));
      assert.deepEqual([r, te, tr], [r2, te2, tr2]);
      done = te || tr;
    }
    remote.close();
  });

  it('plays EdgeLLMMulti-v0 bit-identically to makeParallel for the same seed and actions', () => {
    const env = RemoteParallelEnv.open(server.url, 'EdgeLLMMulti-v0');
    const local = makeParallel('EdgeLLMMulti-v0');
    assert.deepEqual(env.possibleAgents, local.possibleAgents);
    const [ro, ri] = env.reset({ seed: 2024 });
    const [lo, li] = local.reset({ seed: 2024 });
    for (const a of local.agents) assert.equal(bitsOf(ro[a] as Float32Array), bitsOf(lo[a] as Float32Array), a);
    assert.deepEqual(ri, asSent(li));
    local.possibleAgents.forEach((a, i) => local.actionSpace(a).seed(100 + i));
    for (let t = 0; t < 40 && local.agents.length > 0; t++) {
      const actions = Object.fromEntries(local.agents.map((a) => [a, local.actionSpace(a).sample()]));
      const [o, r, te, tr, inf] = env.step(actions);
      const [o2, r2, te2, tr2, inf2] = local.step(actions);
      for (const a of Object.keys(o2)) assert.equal(bitsOf(o[a] as Float32Array), bitsOf(o2[a] as Float32Array), `obs of ${a} at step ${t}`);
      assert.deepEqual(r, asSent(r2), `rewards at step ${t}`);
      assert.deepEqual([te, tr], [te2, tr2]);
      assert.deepEqual(inf, asSent(inf2), `infos at step ${t}`);
      assert.deepEqual(env.agents, local.agents);
    }
    const { warnings } = checkParallelEnv(env, { numCycles: 30 });
    assert.ok(warnings.every((w) => !/reproducib|determin/i.test(w)), warnings.join('\n'));
    env.close();
  });

  it('reports an unknown parallel env as unknown_env', () => {
    assert.throws(() => RemoteParallelEnv.open(server.url, 'EdgeLLM-v0'), (e: unknown) => e instanceof BridgeError && e.code === 'unknown_env' && /single-agent environment/.test(e.message));
    assert.throws(() => RemoteParallelEnv.open(server.url, 'Nope-v0'), (e: unknown) => e instanceof BridgeError && e.code === 'unknown_env' && /No registered parallel env with id: Nope-v0/.test(e.message));
  });

  it('offers the async API, several envs pipelined on one connection', async () => {
    const conn = await Connection.open(server.url);
    const envs = await Promise.all([0, 1, 2].map(() => RemoteParallelEnv.create(conn, PAIR_ID)));
    const locals = envs.map(() => new PairParallelEnv());
    const resets = await Promise.all(envs.map((e, i) => e.resetAsync({ seed: 30 + i })));
    resets.forEach(([o], i) => assert.equal(bitsOf(o.carrier as Float32Array), bitsOf(locals[i]!.reset({ seed: 30 + i })[0].carrier!)));
    for (let t = 0; t < 6; t++) {
      const results = await Promise.all(envs.map((e, i) => e.stepAsync(actionsAt(t, locals[i]!.agents))));
      results.forEach((r, i) => assert.deepEqual(r[1], locals[i]!.step(actionsAt(t, locals[i]!.agents))[1]));
    }
    assert.deepEqual(envs.map((e) => e.agents.length), [0, 0, 0]);
    assert.throws(() => envs[0]!.reset(), /synchronous.*connect\(\)/);
    await Promise.all(envs.map((e) => e.closeAsync()));
    await conn.close();
  });
});
