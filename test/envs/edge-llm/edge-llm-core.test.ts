import { strict as assert } from 'node:assert';
import { EdgeLLMCore, loadAction } from '../../../envs/edge-llm/edge-llm-core.ts';
import { EdgeLLMEnv } from '../../../envs/edge-llm/edge-llm-env.ts';
import { resolveConfig } from '../../../envs/edge-llm/config.ts';
import { Generator } from '../../../src/random/generator.ts';
import { InvalidAction } from '../../../src/core/errors.ts';
import { createHash } from 'node:crypto';
import { make } from '../../../src/registry/registry.ts';
import { EDGE_LLM_SCENARIOS } from '../../../envs/edge-llm/scenarios.ts';
import '../../../envs/index.ts';

/**
 * SHA-256 (first 32 hex digits) of a seeded 70-step trajectory of every id (observation bytes, rewards,
 * flags, infos) as `EdgeLLMEnv` gave it before its model moved into `EdgeLLMCore`: the refactoring and
 * the speed work since change no trajectory.
 */
const GOLDEN: Record<string, string> = {
  'EdgeLLM-v0': 'b6c68094bbdbcdc38fe1371b857c6334',
  'EdgeLLM-Shift-v0': '43621c62bd5b1f8f37520c6f7119989d',
  'EdgeLLM-Large-v0': 'c49357d7c5796c5ae44d48dfc6825eb2',
  'EdgeLLM-Flip-v0': 'd76a34cbc20e7d2d5f2afa3b9b92e62d',
  'EdgeLLM-Rotate-v0': '40aa3fef1b74c26dba6fcdaa14f9a0bc',
  'EdgeLLM-AzureConv-v0': '00b6832feed15c5f3f8ce6af62eb6085',
  'EdgeLLM-AzureCode-v0': 'a2f6e0a7d96963c4e625939ed9d632d8',
};

function trajectoryHash(id: string): string {
  const h = createHash('sha256');
  const env = make(id, { horizon: 30 });
  env.actionSpace.seed(5);
  const [obs0, info0] = env.reset({ seed: 3 });
  h.update(new Uint8Array(obs0.buffer));
  h.update(String(info0.requests));
  for (let t = 0; t < 70; t++) {
    const [obs, reward, , truncated, info] = env.step(env.actionSpace.sample());
    h.update(new Uint8Array(obs.buffer));
    h.update(`${reward} ${truncated} ` + JSON.stringify(info, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v)));
    if (truncated) h.update(new Uint8Array(env.reset()[0].buffer));
  }
  return h.digest('hex').slice(0, 32);
}

describe('envs/edge-llm/edge-llm-core', () => {
  it('gives every registered id the trajectory it had before the model moved into the core (golden hashes)', () => {
    assert.deepStrictEqual(Object.keys(GOLDEN), Object.keys(EDGE_LLM_SCENARIOS));
    for (const id of Object.keys(GOLDEN)) assert.equal(trajectoryHash(id), GOLDEN[id], id);
  });

  it('holds independent environments: env 1 of a core steps as a lone EdgeLLMEnv with the same generator', () => {
    const cfg = resolveConfig({ agents: 3, horizon: 6 });
    const core = new EdgeLLMCore(cfg, 3);
    const env = new EdgeLLMEnv({ agents: 3, horizon: 6 });
    const [obs0] = env.reset({ seed: 9 });
    const rngs = [new Generator(1), new Generator(9), new Generator(2)];
    for (let e = 0; e < 3; e++) core.reset(e, rngs[e]!, undefined, undefined);
    const out = new Float32Array(3 * core.obsSize);
    core.writeObservation(1, out, core.obsSize);
    assert.deepStrictEqual(out.subarray(core.obsSize, 2 * core.obsSize), obs0);
    assert.equal(core.resetInfo(1).requests, env.reset({ seed: 9 })[1].requests);
    for (let t = 0; t < 6; t++) {
      const action = { cache: Int8Array.from({ length: 6 }, (_, p) => (p + t) % 2), local: Float32Array.from({ length: 6 }, (_, p) => ((p + 1) * (t + 1)) % 7 / 7) };
      const [obs, reward, , truncated, info] = env.step(action);
      loadAction(env.actionSpace, 'dict', action, core.score, core.local);
      // env 0 steps with another action in between: env 1 must not notice
      core.step(1, rngs[1]!);
      assert.equal(core.last.reward[1], reward);
      core.score.fill(1);
      core.step(0, rngs[0]!);
      core.writeObservation(1, out, 0);
      assert.deepStrictEqual(out.subarray(0, core.obsSize), obs);
      assert.deepStrictEqual(core.stepInfo(1), info);
      assert.equal(core.t[1]! >= 6, truncated);
    }
    assert.equal(core.t[2], 0, 'env 2 never stepped');
  });

  it('reports the reward as minus the slot cost, +0 (not -0) for a slot without cost', () => {
    const core = new EdgeLLMCore(resolveConfig({ agents: 1, models: [{ name: 'm', paramsB: 1, bytesPerParam: 1, contextWindow: 100, accuracyModel: 'lamda-137b' }], rates: 0 }), 1);
    core.reset(0, new Generator(0), undefined, undefined);
    core.step(0, new Generator(0));
    assert.ok(Object.is(core.last.reward[0], 0));
    assert.equal(core.last.cost[0], 0);
    assert.equal(core.last.requests[0], 0);
  });

  it('loadAction rejects a malformed action with the path and layout, and maps box actions onto [0, 1] fractions', () => {
    const env = new EdgeLLMEnv({ agents: 1, actionFormat: 'box' });
    const score = new Float64Array(2);
    const local = new Float64Array(2);
    loadAction(env.actionSpace, 'box', Float32Array.of(0.5, -0.5, 1, -1), score, local);
    assert.deepStrictEqual([...score, ...local], [0.5, 0, 1, 0]);
    assert.throws(
      () => loadAction(env.actionSpace, 'box', Float32Array.of(0.5, -2, 1, -1), score, local, 'actions[3]'),
      (e: Error) => e instanceof InvalidAction && /^EdgeLLM actions\[3\]\[1\] must be within \[-1, 1\]; got -2\. An action is 2 cache scores then 2 local values/.test(e.message),
    );
  });
});
