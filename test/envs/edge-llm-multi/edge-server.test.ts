import { strict as assert } from 'node:assert';
import { InvalidAction, ResetNeeded } from '../../../src/core/errors.ts';
import { EdgeLLMEnv } from '../../../envs/edge-llm/edge-llm-env.ts';
import { EdgeServer } from '../../../envs/edge-llm-multi/edge-server.ts';

describe('envs/edge-llm-multi/edge-server', () => {
  for (const actionFormat of ['dict', 'box'] as const) {
    it(`follows the EdgeLLMEnv trajectory of the same configuration, seed and actions (${actionFormat} actions)`, () => {
      const config = { agents: 3, gpus: 8, horizon: 30, actionFormat };
      const server = new EdgeServer(config);
      const env = new EdgeLLMEnv(config);
      env.actionSpace.seed(5);
      const [obs0, info0] = env.reset({ seed: 12 });
      assert.deepEqual(server.reset(12, undefined), info0);
      const obs = new Float32Array(server.obsSize + 2);
      server.writeObservation(obs, 1);
      assert.deepEqual(obs.subarray(1, 1 + server.obsSize), obs0);
      for (let t = 0; t < 30; t++) {
        const action = env.actionSpace.sample();
        const [o, reward, , , info] = env.step(action);
        server.load(action, 'action');
        assert.equal(server.step(), reward);
        assert.deepEqual(server.stepInfo(), info);
        server.writeObservation(obs, 0);
        assert.deepEqual(obs.subarray(0, server.obsSize), o);
        assert.deepEqual(Array.from(server.lastSlotServed), Array.from((env as unknown as { lastSlotServed: Float64Array }).lastSlotServed));
      }
    });
  }

  it('refuses a bad action naming the path, leaving the state alone; steps need a reset', () => {
    const server = new EdgeServer({ agents: 2 });
    assert.throws(() => server.step(), ResetNeeded);
    server.reset(3, undefined);
    const before = server.render();
    assert.throws(() => server.load({ cache: [1, 0, 1], local: [0, 0, 0, 0] }, 'actions.es9'), (e: Error) => e instanceof InvalidAction && /actions\.es9\.cache/.test(e.message));
    assert.equal(server.render(), before);
    assert.match(before, /slot/i);
  });
});
