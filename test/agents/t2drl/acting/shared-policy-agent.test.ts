import assert from 'node:assert/strict';
import '../fixtures.ts';
import { TINY } from '../fixtures.ts';
import { initBackend } from '../../../../agents/tfjs/backend.ts';
import { PPOTrainer } from '../../../../agents/t2drl/training/trainer.ts';
import { resolveTrainingConfig } from '../../../../agents/t2drl/training/training-config.ts';
import { PolicyAgent } from '../../../../agents/t2drl/acting/policy-agent.ts';
import { SharedPolicyAgent } from '../../../../agents/t2drl/acting/shared-policy-agent.ts';
import { systemView } from '../../../../agents/t2drl/training/training-envs.ts';
import { ServersParallelEnv } from '../../../fixtures/servers-parallel-env.ts';
import { flatten } from '../../../../src/spaces/flatten.ts';

describe('agents/t2drl/acting/shared-policy-agent', () => {
  before(async () => {
    await initBackend('cpu');
  });

  for (const kind of ['ppo', 't2drl'] as const) {
    it(`${kind}: acts for every agent as one policy per agent with its own state would, on the padded observation`, () => {
      const t = new PPOTrainer(resolveTrainingConfig(kind, 'test/Servers-v0', { ...TINY, numEnvs: 6, ppo: { ...TINY.ppo, rolloutSteps: 24 } }));
      try {
        const opts = { network: t.net.config, weights: t.net.readWeights(), head: t.head, obsNorm: t.obsNorm };
        const shared = new SharedPolicyAgent({ name: 'shared', padding: t.padding!, ...opts });
        const single = t.padding!.agents.map(() => new PolicyAgent({ name: 'one', ...opts, observationSpace: t.padding!.observationSpace }));
        const view = systemView(new ServersParallelEnv({ horizon: 6 }));
        const [obs0, info0] = view.reset({ seed: 3 });
        let obs: unknown = obs0;
        let info: Record<string, unknown> = info0;
        shared.reset(obs, info);
        for (const s of single) s.reset(obs, info);
        let done = false;
        let steps = 0;
        while (!done) {
          const act = shared.act(obs, info);
          const parallel = view.parallel as ServersParallelEnv;
          t.padding!.agents.forEach((a, n) => {
            // the agent's own observation, from the parallel env's spaces (not from the view's layout)
            const own = (obs as Float32Array).subarray([0, 3, 8][n], [3, 8, 12][n]);
            const want = t.padding!.cutAction(n, single[n]!.act(t.padding!.padObservation(n, own), info)) as { cache: Int8Array; local: Float32Array };
            const got = act[a] as { cache: Int8Array; local: Float32Array };
            assert.deepEqual(Array.from(got.cache), Array.from(want.cache));
            assert.deepEqual(Array.from(got.local), Array.from(want.local));
            assert.ok(parallel.actionSpace(a).contains(got));
          });
          const r = view.step(act);
          obs = r[0];
          info = r[4];
          done = r[2] || r[3];
          steps++;
        }
        assert.equal(steps, 6);
        assert.equal(shared.testTimeUpdates, kind === 't2drl');
      } finally {
        t.close();
      }
    });
  }

  it('takes a record keyed by agent as well as the concatenated observation', () => {
    const t = new PPOTrainer(resolveTrainingConfig('ppo', 'test/Servers-v0', { ...TINY, numEnvs: 3, ppo: { ...TINY.ppo, rolloutSteps: 12 } }));
    try {
      const env = new ServersParallelEnv();
      const [obs] = env.reset({ seed: 1 });
      const opts = { name: 's', padding: t.padding!, network: t.net.config, weights: t.net.readWeights(), head: t.head, obsNorm: t.obsNorm };
      const a = new SharedPolicyAgent(opts).act(obs, {});
      const concat = new Float32Array(12);
      concat.set(flatten(env.observationSpace('es0'), obs.es0!), 0);
      concat.set(obs.es1!, 3);
      concat.set(obs.es2!, 8);
      const b = new SharedPolicyAgent(opts).act(concat, {});
      assert.deepEqual(JSON.stringify(a, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v)), JSON.stringify(b, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v)));
      assert.throws(() => new SharedPolicyAgent(opts).act(new Float32Array(11), {}), /11 values/);
    } finally {
      t.close();
    }
  });
});
