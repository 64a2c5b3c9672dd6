import { strict as assert } from 'node:assert';
import { checkEnv } from '../../../src/checker/env-checker.ts';
import { InvalidAction, InvalidArgument } from '../../../src/core/errors.ts';
import { Dict } from '../../../src/spaces/dict.ts';
import { MultiDiscrete } from '../../../src/spaces/multi-discrete.ts';
import { Box } from '../../../src/spaces/box.ts';
import { SyncVectorEnv } from '../../../src/vector/sync-vector-env.ts';
import { makeParallel } from '../../../src/parallel/parallel-registry.ts';
import { SingleAgentView } from '../../../src/parallel/single-agent-view.ts';
import type { ParallelStepResult, PerAgent } from '../../../src/parallel/parallel-env.ts';
import { ParallelCounterEnv } from '../../fixtures/parallel-counter-env.ts';

describe('src/parallel/single-agent-view', () => {
  it('concatenates Discrete actions into a MultiDiscrete and observations into one Box', () => {
    const view = new SingleAgentView(new ParallelCounterEnv());
    assert.ok(view.actionSpace instanceof MultiDiscrete);
    assert.deepEqual(Array.from((view.actionSpace as MultiDiscrete).nvec), [3, 3, 3]);
    assert.ok(view.observationSpace instanceof Box);
    assert.deepEqual((view.observationSpace as Box).shape, [6]);
  });

  it('a step equals the parallel step: split action, summed reward, observations in agent order', () => {
    const direct = new ParallelCounterEnv();
    const [obs0] = direct.reset({ seed: 5 });
    const [obs1, rewards] = direct.step({ a: 2, b: 1, c: 0 });
    const view = new SingleAgentView(new ParallelCounterEnv());
    const [v0] = view.reset({ seed: 5 });
    assert.deepEqual(Array.from(v0 as Float32Array), [...obs0.a!, ...obs0.b!, ...obs0.c!]);
    const [v1, r, term, trunc, info] = view.step(Int32Array.of(2, 1, 0));
    assert.deepEqual(Array.from(v1 as Float32Array), [...obs1.a!, ...obs1.b!, ...obs1.c!]);
    assert.equal(r, rewards.a! + rewards.b! + rewards.c!);
    assert.equal(term, false);
    assert.equal(trunc, false);
    assert.deepEqual(info.rewards, rewards);
    assert.deepEqual(Object.keys(info.agents as object).sort(), ['a', 'b', 'c']);
  });

  it('an agent that left keeps its last observation and its action part is ignored; the end is a truncation', () => {
    const view = new SingleAgentView(new ParallelCounterEnv(), { reward: (rw) => Object.keys(rw).length });
    view.reset({ seed: 1 });
    view.step(Int32Array.of(0, 0, 0));
    const [o2, n2] = view.step(Int32Array.of(1, 1, 1));
    assert.equal(n2, 3);
    const [o3, n3, term3, trunc3] = view.step(Int32Array.of(1, 1, 2));
    assert.equal(n3, 2);
    assert.deepEqual(Array.from((o3 as Float32Array).subarray(4)), Array.from((o2 as Float32Array).subarray(4)));
    assert.equal(term3 || trunc3, false);
    const [, , term4, trunc4] = view.step(Int32Array.of(1, 1, 1));
    assert.equal(term4, false);
    assert.equal(trunc4, true);
  });

  it('ends with terminated when every agent was terminated', () => {
    class AllEnd extends ParallelCounterEnv {
      override step(actions: PerAgent<number>): ParallelStepResult<Float32Array> {
        const r = super.step(actions);
        for (const a of Object.keys(r[2])) [r[2][a], r[3][a]] = [true, false];
        this.agents = [];
        return r;
      }
    }
    const v = new SingleAgentView(new AllEnd());
    v.reset({ seed: 2 });
    const [, , term, trunc] = v.step(Int32Array.of(0, 0, 0));
    assert.deepEqual([term, trunc], [true, false]);
  });

  it('dict modes, the system reward and bad options', () => {
    const view = new SingleAgentView(new ParallelCounterEnv(), { action: 'dict', observation: 'dict' });
    assert.ok(view.actionSpace instanceof Dict);
    assert.ok(view.observationSpace instanceof Dict);
    const [obs] = view.reset({ seed: 3 });
    assert.deepEqual(Object.keys(obs), ['a', 'b', 'c']);
    view.step({ a: 1, b: 1, c: 1 });
    assert.throws(() => new SingleAgentView(new ParallelCounterEnv(), { reward: 'bad' as never }), InvalidArgument);
    const system = new SingleAgentView(new ParallelCounterEnv(), { reward: 'system' });
    system.reset({ seed: 0 });
    assert.throws(() => system.step(Int32Array.of(0, 0, 0)), /needs info.systemReward/);
  });

  it('refuses an action outside its space with InvalidAction and no state change', () => {
    const view = new SingleAgentView(new ParallelCounterEnv());
    const fresh = new SingleAgentView(new ParallelCounterEnv());
    view.reset({ seed: 9 });
    fresh.reset({ seed: 9 });
    assert.throws(() => view.step(Int32Array.of(0, 3, 0)), (e: Error) => e instanceof InvalidAction && /a: 1, b: 1, c: 1/.test(e.message));
    assert.deepEqual(view.step(Int32Array.of(1, 2, 0)), fresh.step(Int32Array.of(1, 2, 0)));
  });

  it('passes checkEnv and runs in a vector env', () => {
    const view = new SingleAgentView(makeParallel('test/ParallelCounter-v0'));
    checkEnv(view, { skipRenderCheck: true, skipCloseCheck: true });
    const venv = new SyncVectorEnv([() => new SingleAgentView(new ParallelCounterEnv()), () => new SingleAgentView(new ParallelCounterEnv())]);
    venv.reset({ seed: 0 });
    for (let t = 0; t < 6; t++) venv.step(venv.actionSpace.sample());
    venv.close();
  });
});
