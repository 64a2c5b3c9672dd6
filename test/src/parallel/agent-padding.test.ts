import { strict as assert } from 'node:assert';
import { InvalidArgument } from '../../../src/core/errors.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Dict } from '../../../src/spaces/dict.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { MultiBinary } from '../../../src/spaces/multi-binary.ts';
import { Generator } from '../../../src/random/generator.ts';
import { AgentPadding } from '../../../src/parallel/agent-padding.ts';
import { ServersParallelEnv, SERVER_OBS_DIMS, SERVER_PAIRS } from '../../fixtures/servers-parallel-env.ts';

describe('src/parallel/agent-padding', () => {
  const env = new ServersParallelEnv();
  const pad = AgentPadding.of(env);

  it('pads observations to the largest agent and appends the one-hot of the agent', () => {
    assert.deepEqual(pad.observationDims, [...SERVER_OBS_DIMS]);
    assert.equal(pad.maxObservationDim, 5);
    assert.deepEqual(pad.observationSpace.shape, [8]);
    const o = pad.padObservation(2, Float32Array.of(1, 2, 3, 4));
    assert.deepEqual(Array.from(o), [1, 2, 3, 4, 0, 0, 0, 1]);
    assert.deepEqual(Array.from(pad.padObservation(1, Float32Array.of(5, 6, 7, 8, 9))), [5, 6, 7, 8, 9, 0, 1, 0]);
    // bounds: the agents' own where some agent has an entry, 0 in the padding, [0, 1] for the one-hot
    assert.deepEqual(Array.from(pad.observationSpace.high), [10, 10, 10, 10, 10, 1, 1, 1]);
    assert.ok(pad.observationSpace.contains(o));
  });

  it('pads actions part by part to the largest size of each part', () => {
    const space = pad.actionSpace as Dict;
    assert.ok(space instanceof Dict);
    assert.deepEqual(space.keys, ['cache', 'local']);
    assert.equal((space.spaces.cache as MultiBinary).size, 4);
    assert.equal((space.spaces.local as Box).size, 4);
  });

  it('round-trips every agent: pad then cut gives the action back, cut then pad keeps the agent part and zeros the rest', () => {
    const rng = new Generator(3);
    for (let n = 0; n < 3; n++) {
      const own = env.actionSpace(env.possibleAgents[n]!);
      for (let trial = 0; trial < 20; trial++) {
        const a = own.sample();
        const padded = pad.padAction(n, a);
        assert.ok(pad.actionSpace.contains(padded));
        const back = pad.cutAction(n, padded) as { cache: Int8Array; local: Float32Array };
        assert.deepEqual(Array.from(back.cache), Array.from(a.cache));
        assert.deepEqual(Array.from(back.local), Array.from(a.local));
        assert.ok(own.contains(back));
        const p = padded as { cache: Int8Array; local: Float32Array };
        for (let j = SERVER_PAIRS[n]!; j < 4; j++) assert.equal(p.cache[j], 0);
      }
      const obs = Float32Array.from({ length: SERVER_OBS_DIMS[n]! }, () => rng.random());
      assert.deepEqual(Array.from(pad.cutObservation(n, pad.padObservation(n, obs))), Array.from(obs));
    }
  });

  it('ignores the padded part of an action and clips Box entries into the agent bounds', () => {
    const wide = new AgentPadding(['a', 'b'], [new Box(0, 1, [1]), new Box(0, 1, [1])], [new Box(-1, 1, [1]), new Box(0, 2, [3])]);
    assert.deepEqual(Array.from((wide.actionSpace as Box).low), [-1, 0, 0]);
    assert.deepEqual(Array.from((wide.actionSpace as Box).high), [2, 2, 2]);
    assert.deepEqual(Array.from(wide.cutAction(0, Float32Array.of(1.5, 2, 2)) as Float32Array), [1]);
    assert.deepEqual(Array.from(wide.cutAction(1, Float32Array.of(-1, 0.5, 2)) as Float32Array), [0, 0.5, 2]);
  });

  it('keeps equal Discrete parts and refuses spaces that cannot share one structure, naming the agent', () => {
    const same = new AgentPadding(['a', 'b'], [new Box(0, 1, [1]), new Box(0, 1, [2])], [new Discrete(3), new Discrete(3)]);
    assert.equal(same.cutAction(1, 2), 2);
    assert.throws(
      () => new AgentPadding(['a', 'b'], [new Box(0, 1, [1]), new Box(0, 1, [1])], [new Discrete(3), new Discrete(4)]),
      (e: unknown) => e instanceof InvalidArgument && /agent b/.test(e.message),
    );
    assert.throws(
      () => new AgentPadding(['a', 'b'], [new Box(0, 1, [1]), new Box(0, 1, [1])], [new Dict({ x: new MultiBinary(2) }), new Dict({ y: new MultiBinary(2) })]),
      (e: unknown) => e instanceof InvalidArgument && /agent b/.test(e.message) && /keys x/.test(e.message),
    );
    assert.throws(
      () => new AgentPadding(['a', 'b'], [new Box(0, 1, [1]), new Box(0, 1, [1])], [new Box(0, 1, [2, 2]), new Box(0, 1, [2])]),
      (e: unknown) => e instanceof InvalidArgument && /one-dimensional/.test(e.message),
    );
    assert.throws(() => pad.padObservation(3, new Float32Array(3)), RangeError);
    assert.throws(() => pad.indexOf('es9'), (e: unknown) => e instanceof InvalidArgument && /es0, es1, es2/.test(e.message));
  });
});
