import { strict as assert } from 'node:assert';
import { SyncVectorEnv } from '../../../src/vector/sync-vector-env.ts';
import { ClosedEnvironment, InvalidArgument, ResetNeeded } from '../../../src/core/errors.ts';
import { Generator } from '../../../src/random/generator.ts';
import { Box } from '../../../src/spaces/box.ts';
import { MultiDiscrete } from '../../../src/spaces/multi-discrete.ts';
import type { ResetArgs, Info } from '../../../src/core/env.ts';
import type { AutoresetMode } from '../../../src/vector/autoreset-mode.ts';
import { CountEnv, DictCountEnv, ScriptedEnv, arr, messageOf } from '../helpers.ts';

/** Two CountEnvs with episodes of 2 and 3 steps. */
function pair(mode?: AutoresetMode): SyncVectorEnv<Float32Array, Int32Array> {
  return new SyncVectorEnv([() => new CountEnv({ length: 2 }), () => new CountEnv({ length: 3 })], mode === undefined ? {} : { autoresetMode: mode });
}

const acts = (a: number, b: number) => Int32Array.of(a, b);
const sub = (v: SyncVectorEnv<Float32Array, Int32Array>, i: number) => v.envs[i] as CountEnv;

/** The first two `integers(0, 100)` draws of a generator seeded with `seed`. */
function starts(seed: number): [number, number] {
  const g = new Generator(seed);
  return [g.integers(0, 100), g.integers(0, 100)];
}

describe('src/vector/sync-vector-env', () => {
  describe('construction', () => {
    it('batches the spaces and takes the metadata of the first sub-environment', () => {
      const v = pair();
      assert.equal(v.numEnvs, 2);
      assert.ok(v.observationSpace.equals(new Box(0, 1000, [2, 2], 'float32')));
      assert.ok(v.actionSpace.equals(new MultiDiscrete([3, 3])));
      assert.equal(v.singleObservationSpace, v.envs[0]!.observationSpace);
      assert.equal(v.singleActionSpace, v.envs[0]!.actionSpace);
      assert.deepEqual(v.metadata, { renderModes: ['ansi'], renderFps: 4, autoresetMode: 'next-step' });
      assert.equal(v.toString(), '<SyncVectorEnv(unregistered, 2)>');
    });

    it('rejects no sub-environments, differing spaces and an unknown autoreset mode', () => {
      assert.throws(() => new SyncVectorEnv([]), (e: Error) => e instanceof InvalidArgument && e.message === 'SyncVectorEnv needs at least one environment function.');
      assert.throws(
        () => new SyncVectorEnv([() => new CountEnv(), () => new DictCountEnv()]),
        (e: Error) => e instanceof InvalidArgument && e.message === 'Sub-environment 1 has different spaces from sub-environment 0; all must be identical.',
      );
      assert.equal(messageOf(() => pair('sometimes' as never)), `autoresetMode must be 'next-step', 'same-step' or 'disabled'; got "sometimes".`);
    });
  });

  describe('reset', () => {
    it('seeds sub-environment i with seed + i and batches observations and infos', () => {
      const v = pair();
      const [obs, infos] = v.reset({ seed: 10 });
      const [s0] = starts(10);
      const [s1] = starts(11);
      assert.ok(obs instanceof Float32Array);
      assert.deepEqual(arr(obs), [0, s0, 0, s1]);
      assert.ok(v.observationSpace.contains(obs));
      assert.deepEqual(v.envs.map((e) => e.npRandomSeed), [10, 11]);
      assert.ok(infos.start instanceof Float64Array);
      assert.deepEqual(arr(infos.start), [s0, s1]);
      assert.deepEqual(infos._start, [true, true]);
    });

    it('takes one seed per sub-environment, undefined meaning not reseeded', () => {
      const v = pair();
      v.reset({ seed: [4, 9] });
      assert.deepEqual(v.envs.map((e) => e.npRandomSeed), [4, 9]);
      v.reset({ seed: [7, undefined] });
      assert.deepEqual(v.envs.map((e) => e.npRandomSeed), [7, 9]);
      assert.equal(sub(v, 1).start, starts(9)[1], 'sub-environment 1 continued its stream');
      assert.equal(messageOf(() => v.reset({ seed: [1] })), 'reset seed array must have numEnvs=2 entries; got 1.');
    });

    it('passes options to every sub-environment, without reset_mask', () => {
      const seen: ResetArgs[] = [];
      class Spy extends CountEnv {
        override reset(args: ResetArgs = {}): [Float32Array, Info] {
          seen.push(args);
          return super.reset(args);
        }
      }
      const v = new SyncVectorEnv([() => new Spy(), () => new Spy()], { autoresetMode: 'disabled' });
      v.reset({ seed: 1, options: { level: 2 } });
      assert.deepEqual(seen, [{ seed: 1, options: { level: 2 } }, { seed: 2, options: { level: 2 } }]);
      seen.length = 0;
      v.reset({ options: { level: 3, reset_mask: [false, true] } });
      assert.deepEqual(seen, [{ options: { level: 3 } }]);
    });
  });

  describe("autoreset 'next-step' (default)", () => {
    it('resets an ended sub-environment on the next step: reward 0, not done, action ignored', () => {
      const v = pair();
      v.reset({ seed: 10 });
      const [s0, s0b] = starts(10);
      const [s1, s1b] = starts(11);

      let [obs, rewards, terms, truncs, infos] = v.step(acts(1, 2));
      assert.deepEqual(arr(obs), [1, s0, 1, s1]);
      assert.deepEqual(arr(rewards), [11, 21]);
      assert.deepEqual([terms, truncs], [[false, false], [false, false]]);
      assert.deepEqual(arr(infos.t), [1, 1]);
      assert.deepEqual(infos._t, [true, true]);
      assert.deepEqual(arr(infos.action), [1, 2]);

      [obs, rewards, terms, truncs, infos] = v.step(acts(0, 1));
      assert.deepEqual(arr(obs), [2, s0, 2, s1]);
      assert.deepEqual(arr(rewards), [2, 12]);
      assert.deepEqual(terms, [true, false]);

      // the reset step of sub-environment 0
      [obs, rewards, terms, truncs, infos] = v.step(acts(2, 2));
      assert.deepEqual(arr(obs), [0, s0b, 3, s1]);
      assert.deepEqual(arr(rewards), [0, 23]);
      assert.deepEqual(terms, [false, true]);
      assert.deepEqual(truncs, [false, false]);
      assert.deepEqual(sub(v, 0).actions, [1, 0], 'the action for the reset step was ignored');
      assert.deepEqual(arr(infos.start), [s0b, 0]);
      assert.deepEqual(infos._start, [true, false]);
      assert.deepEqual(infos._t, [false, true]);
      assert.ok(!('final_obs' in infos));

      // sub-environment 0 runs its new episode while 1 resets
      [obs, rewards, terms] = v.step(acts(1, 1));
      assert.deepEqual(arr(obs), [1, s0b, 0, s1b]);
      assert.deepEqual(arr(rewards), [11, 0]);
      assert.deepEqual(terms, [false, false]);
      assert.deepEqual(sub(v, 1).actions, [2, 1, 2]);
    });

    it('treats a reset_mask reset as the autoreset', () => {
      const v = pair();
      v.reset({ seed: 0 });
      v.step(acts(0, 0));
      v.step(acts(0, 0)); // sub-environment 0 ends
      v.reset({ options: { reset_mask: [true, false] } });
      const [obs, rewards] = v.step(acts(1, 0));
      assert.equal(obs[0], 1, 'stepped, not reset again');
      assert.equal(rewards[0], 11);
    });
  });

  describe("autoreset 'same-step'", () => {
    it('resets in the ending step and reports the old episode in final_obs / final_info with masks', () => {
      const v = pair('same-step');
      v.reset({ seed: 10 });
      const [s0, s0b] = starts(10);
      const [s1] = starts(11);
      v.step(acts(1, 1));
      const [obs, rewards, terms, truncs, infos] = v.step(acts(0, 2));
      assert.deepEqual(arr(obs), [0, s0b, 2, s1], 'row 0 holds the first observation of the new episode');
      assert.deepEqual(arr(rewards), [2, 22]);
      assert.deepEqual(terms, [true, false]);
      assert.deepEqual(truncs, [false, false]);
      const finalObs = infos.final_obs as (Float32Array | null)[];
      assert.deepEqual(arr(finalObs[0]), [2, s0]);
      assert.equal(finalObs[1], null);
      assert.deepEqual(infos._final_obs, [true, false]);
      const finalInfo = infos.final_info as Record<string, unknown>;
      assert.deepEqual(arr(finalInfo.t), [2, 0]);
      assert.deepEqual(finalInfo._t, [true, false]);
      assert.deepEqual(arr(finalInfo.action), [0, 0]);
      assert.deepEqual(infos._final_info, [true, false]);
      assert.deepEqual(arr(infos.start), [s0b, 0], 'the reset info of sub-environment 0');
      assert.deepEqual(infos._start, [true, false]);
      assert.deepEqual(arr(infos.t), [0, 2], 'the step info of sub-environment 1');
      assert.deepEqual(infos._t, [false, true]);

      const [next, r2, t2, , i2] = v.step(acts(1, 0));
      const [, s1b] = starts(11);
      assert.deepEqual(arr(next), [1, s0b, 0, s1b], 'no extra reset step for 0; 1 ended and was reset at once');
      assert.deepEqual(arr(r2), [11, 3]);
      assert.deepEqual(t2, [false, true]);
      assert.deepEqual(i2._final_obs, [false, true]);
      assert.deepEqual(arr((i2.final_obs as Float32Array[])[1]), [3, s1]);
    });

    it('keeps a copy of the last observation even if the sub-environment reuses its buffer', () => {
      const v = new SyncVectorEnv([() => new CountEnv({ length: 1, reuseObs: true })], { autoresetMode: 'same-step' });
      v.reset({ seed: 2 });
      const [s, sb] = starts(2);
      const [obs, , , , infos] = v.step(Int32Array.of(0));
      assert.deepEqual(arr(obs), [0, sb]);
      assert.deepEqual(arr((infos.final_obs as Float32Array[])[0]), [1, s]);
    });

    it('stores Dict observations whole in final_obs', () => {
      const v = new SyncVectorEnv([() => new DictCountEnv(1), () => new DictCountEnv(2)], { autoresetMode: 'same-step' });
      v.reset({ seed: 0 });
      const [, , , , infos] = v.step(Int32Array.of(0, 0));
      const finalObs = infos.final_obs as ({ pos: Float32Array; tag: number } | null)[];
      assert.ok(Array.isArray(finalObs));
      assert.deepEqual(arr(finalObs[0]!.pos), [1]);
      assert.ok(v.singleObservationSpace.contains(finalObs[0]));
      assert.equal(finalObs[1], null);
      assert.deepEqual(infos._final_obs, [true, false]);
    });
  });

  describe("autoreset 'disabled'", () => {
    it('leaves ended sub-environments alone, refuses to step them, and resets them by reset_mask', () => {
      const v = pair('disabled');
      v.reset({ seed: 10 });
      const [s0, s0b] = starts(10);
      const [s1] = starts(11);
      v.step(acts(0, 0));
      const [obs, , terms] = v.step(acts(0, 0));
      assert.deepEqual(arr(obs), [2, s0, 2, s1]);
      assert.deepEqual(terms, [true, false]);
      assert.throws(
        () => v.step(acts(0, 0)),
        (e: Error) =>
          e instanceof ResetNeeded &&
          e.message === "Sub-environment(s) 0 ended their episode and autoresetMode is 'disabled'; reset them with reset({ options: { reset_mask } }) before stepping again.",
      );
      assert.deepEqual(sub(v, 1).actions, [0, 0], 'nothing was stepped');

      const [after, infos] = v.reset({ options: { reset_mask: [true, false] } });
      assert.deepEqual(arr(after), [0, s0b, 2, s1], 'only sub-environment 0 was reset');
      assert.deepEqual(arr(infos.start), [s0b, 0]);
      assert.deepEqual(infos._start, [true, false]);
      const [next, rewards, t3] = v.step(acts(1, 1));
      assert.deepEqual(arr(next), [1, s0b, 3, s1]);
      assert.deepEqual(arr(rewards), [11, 13]);
      assert.deepEqual(t3, [false, true]);
    });

    it('seeds masked resets with seed + i', () => {
      const v = pair('disabled');
      v.reset({ seed: 0 });
      v.reset({ seed: 5, options: { reset_mask: [false, true] } });
      assert.deepEqual(v.envs.map((e) => e.npRandomSeed), [0, 6]);
    });

    it('validates reset_mask', () => {
      const v = pair('disabled');
      assert.equal(messageOf(() => v.reset({ options: { reset_mask: [true] } })), 'options.reset_mask must be an array of 2 booleans; got [true].');
      assert.equal(messageOf(() => v.reset({ options: { reset_mask: [false, false] } })), 'options.reset_mask must flag at least one sub-environment.');
      assert.equal(messageOf(() => v.reset({ options: { reset_mask: true } })), 'options.reset_mask must be an array of 2 booleans; got true.');
    });
  });

  it('slices batched Box actions per sub-environment', () => {
    const inners: ScriptedEnv[] = [];
    const v = new SyncVectorEnv(
      [0, 1, 2].map(() => () => {
        const e = new ScriptedEnv([], [0], new Box(-1, 1, [2], 'float32'));
        inners.push(e);
        return e;
      }),
    );
    assert.ok(v.actionSpace.equals(new Box(-1, 1, [3, 2], 'float32')));
    v.reset({ seed: 0 });
    v.step(Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6));
    assert.deepEqual(inners.map((e) => arr(e.actions[0])), [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]].map((r) => r.map(Math.fround)));
  });

  it('returns fresh observation batches', () => {
    const v = pair();
    const [a] = v.reset({ seed: 0 });
    a[0] = 999;
    const [b] = v.step(acts(0, 0));
    assert.equal(b[0], 1);
  });

  it('calls methods, reads attributes and renders every sub-environment', () => {
    const v = new SyncVectorEnv([() => new CountEnv({ length: 2, renderMode: 'ansi' }), () => new CountEnv({ length: 5, renderMode: 'ansi' })]);
    v.reset({ seed: 0 });
    v.step(Int32Array.of(0, 0));
    assert.deepEqual(v.getAttr('length'), [2, 5]);
    assert.deepEqual(v.call('render'), ['t=1', 't=1']);
    assert.deepEqual(v.call('length'), [2, 5]);
    assert.deepEqual(v.render(), ['t=1', 't=1']);
    assert.equal(v.renderMode, 'ansi');
  });

  it('closes every sub-environment once and refuses use afterwards', () => {
    const v = pair();
    assert.equal(v.closed, false);
    v.close();
    v.close();
    assert.equal(v.closed, true);
    assert.deepEqual(v.envs.map((e) => (e as CountEnv).closeCount), [1, 1]);
    assert.throws(() => v.step(acts(0, 0)), (e: Error) => e instanceof ClosedEnvironment && e.message === 'This SyncVectorEnv is closed; make a new one.');
    assert.throws(() => v.reset(), ClosedEnvironment);
  });
});
