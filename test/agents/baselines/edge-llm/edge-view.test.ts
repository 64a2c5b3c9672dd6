import { strict as assert } from 'node:assert';
import { decode, encode, readSystem } from '../../../../agents/baselines/edge-llm/edge-view.ts';
import { EdgeLLMEnv } from '../../../../envs/edge-llm/edge-llm-env.ts';
import { InvalidArgument } from '../../../../src/core/errors.ts';

describe('agents/baselines/edge-view', () => {
  it('decodes the environment observation back to requests, κ and K', () => {
    const env = new EdgeLLMEnv({ rates: [0.5, 1, 1.5, 2, 2.5, 0.5, 1, 1.5, 2, 2.5] });
    const [obs0, info] = env.reset({ seed: 4 });
    const s = readSystem(info);
    env.step({ cache: new Int8Array(20).fill(1), local: new Float32Array(20).fill(1) });
    const [obs1] = env.step({ cache: new Int8Array(20).fill(1), local: new Float32Array(20).fill(1) });
    const st = decode(obs1, s);
    // the environment's state lives in its core (one env: the first 20 entries of each array)
    const raw = (env as unknown as { core: { requests: Float64Array; kappa: Float64Array; K: Float64Array } }).core;
    assert.deepEqual(Array.from(st.requests), Array.from(raw.requests));
    for (let p = 0; p < 20; p++) {
      assert.ok(Math.abs(st.kappa[p]! - raw.kappa[p]!) < 1e-3 * (1 + raw.kappa[p]!));
      assert.ok(Math.abs(st.context[p]! - raw.K[p]!) < 1e-3 * (1 + raw.K[p]!));
    }
    assert.ok(obs0.length === 81);
  });

  it('encodes decisions in either action format', () => {
    const dict = new EdgeLLMEnv({ agents: 1 }).actionSpace;
    const box = new EdgeLLMEnv({ agents: 1, actionFormat: 'box' }).actionSpace;
    const d = encode(dict, [1, 0], [0.5, 0]) as { cache: Int8Array; local: Float32Array };
    assert.deepEqual(Array.from(d.cache), [1, 0]);
    assert.deepEqual(Array.from(encode(box, [1, 0], [0.5, 0]) as Float32Array), [1, -1, 0, -1]);
    assert.ok(dict.contains(d));
  });

  it('refuses infos that do not come from an EdgeLLM environment', () => {
    assert.throws(() => readSystem({}), InvalidArgument);
  });
});
