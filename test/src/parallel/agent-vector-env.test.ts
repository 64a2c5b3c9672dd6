import { strict as assert } from 'node:assert';
import { InvalidAction, InvalidArgument } from '../../../src/core/errors.ts';
import { itemAt, writeItem, createEmptyArray } from '../../../src/vector/batch.ts';
import { Generator } from '../../../src/random/generator.ts';
import { AgentVectorEnv } from '../../../src/parallel/agent-vector-env.ts';
import { AgentPadding } from '../../../src/parallel/agent-padding.ts';
import { PairParallelEnv } from '../../fixtures/pair-parallel-env.ts';
import { ServersParallelEnv } from '../../fixtures/servers-parallel-env.ts';

describe('src/parallel/agent-vector-env', () => {
  it('presents K copies of N agents as K·N sub-environments in the padded spaces', () => {
    const envs = new AgentVectorEnv([() => new ServersParallelEnv(), () => new ServersParallelEnv()]);
    assert.equal(envs.numEnvs, 6);
    assert.equal(envs.numAgents, 3);
    assert.equal(envs.metadata.autoresetMode, 'same-step');
    assert.deepEqual(envs.singleObservationSpace.shape, [8]);
    const [obs] = envs.reset({ seed: 5 });
    assert.equal(obs.length, 6 * 8);
    // the one-hot of sub-environment e is agent e mod 3
    for (let e = 0; e < 6; e++) for (let n = 0; n < 3; n++) assert.equal(obs[e * 8 + 5 + n], n === e % 3 ? 1 : 0);
    envs.close();
  });

  it('steps exactly as the parallel env stepped directly with the cut actions, autoresetting the copies in the same step', () => {
    const K = 2;
    const horizon = 3;
    const envs = new AgentVectorEnv(Array.from({ length: K }, () => () => new ServersParallelEnv({ horizon })));
    const direct = Array.from({ length: K }, () => new ServersParallelEnv({ horizon }));
    const pad = AgentPadding.of(direct[0]!);
    const N = 3;
    const seeds = [11, 0, 0, 12, 0, 0];
    let [obs] = envs.reset({ seed: seeds });
    const directObs = direct.map((d, k) => d.reset({ seed: seeds[k * N] })[0]);
    const rng = new Generator(9);
    let resets = 0;
    for (let t = 0; t < 2 * horizon + 1; t++) {
      for (let k = 0; k < K; k++) {
        for (let n = 0; n < N; n++) {
          const e = k * N + n;
          assert.deepEqual(Array.from(obs.subarray(e * 8, e * 8 + 8)), Array.from(pad.padObservation(n, directObs[k]![`es${n}`])), `obs t=${t} e=${e}`);
        }
      }
      const batch = createEmptyArray(envs.singleActionSpace, envs.numEnvs);
      for (let e = 0; e < envs.numEnvs; e++) {
        const a = envs.singleActionSpace.sample() as { cache: Int8Array; local: Float32Array };
        a.local[0] = rng.random();
        writeItem(envs.singleActionSpace, a, batch, e);
      }
      const [next, rewards, terms, truncs, infos] = envs.step(batch);
      for (let k = 0; k < K; k++) {
        const actions = Object.fromEntries([0, 1, 2].map((n) => [`es${n}`, pad.cutAction(n, itemAt(envs.singleActionSpace, batch, k * N + n))]));
        const [o, r, , tr, inf] = direct[k]!.step(actions as never);
        for (let n = 0; n < N; n++) {
          const e = k * N + n;
          assert.equal(rewards[e], r[`es${n}`]);
          assert.equal(terms[e], false);
          assert.equal(truncs[e], tr[`es${n}`]);
          if (tr[`es${n}`]) {
            assert.deepEqual(Array.from((infos.final_obs as Float32Array[])[e]!), Array.from(pad.padObservation(n, o[`es${n}`])));
            assert.equal(((infos.final_info as Record<string, unknown>).cost as Float64Array)[e], inf[`es${n}`]!.cost);
            assert.equal((infos.slot as Float64Array)[e], 0); // the new episode's reset info
          } else {
            assert.equal((infos.cost as Float64Array)[e], inf[`es${n}`]!.cost);
          }
        }
        if (direct[k]!.agents.length === 0) {
          resets++;
          directObs[k] = direct[k]!.reset()[0];
        } else directObs[k] = o;
      }
      obs = next;
    }
    assert.equal(resets, 2 * K);
  });

  it('seeds copy k with seed + k for one seed, and refuses reset masks and wrong seed counts', () => {
    const envs = new AgentVectorEnv([() => new ServersParallelEnv(), () => new ServersParallelEnv()]);
    const [a] = envs.reset({ seed: 7 });
    const [b] = envs.reset({ seed: [7, 1, 2, 8, 3, 4] });
    assert.deepEqual(Array.from(a), Array.from(b));
    assert.throws(() => envs.reset({ seed: [1, 2] }), RangeError);
    assert.throws(() => envs.reset({ options: { reset_mask: [true, false, false, false, false, false] } }), InvalidArgument);
  });

  it('names the copy of an out-of-space action, and refuses agents that end at different steps', () => {
    const envs = new AgentVectorEnv([() => new ServersParallelEnv()]);
    envs.reset({ seed: 1 });
    const batch = createEmptyArray(envs.singleActionSpace, 3) as { cache: Int8Array; local: Float32Array };
    batch.local[0] = Number.NaN;
    assert.throws(() => envs.step(batch), (e: unknown) => e instanceof InvalidAction && /Copy 0/.test(e.message) && /es0/.test(e.message));
    assert.throws(() => new AgentVectorEnv([() => new PairParallelEnv()]), (e: unknown) => e instanceof InvalidArgument && /agent carrier/.test(e.message));
    class EarlyLeaver extends ServersParallelEnv {
      override step(actions: Parameters<ServersParallelEnv['step']>[0]) {
        const out = super.step(actions);
        out[3].es2 = true;
        this.agents = this.agents.filter((a) => a !== 'es2');
        return out;
      }
    }
    const early = new AgentVectorEnv([() => new EarlyLeaver()]);
    early.reset({ seed: 1 });
    assert.throws(() => early.step(createEmptyArray(early.singleActionSpace, 3)), (e: unknown) => e instanceof InvalidArgument && /es2 ended while es0, es1 go on/.test(e.message));
    assert.throws(() => new AgentVectorEnv([]), InvalidArgument);
  });
});
