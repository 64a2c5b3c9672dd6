import { strict as assert } from 'node:assert';
import { ParallelEnvSpec } from '../../../src/parallel/parallel-env-spec.ts';
import '../../../src/parallel/parallel-registry.ts';
import { ParallelCounterEnv } from '../../fixtures/parallel-counter-env.ts';

describe('src/parallel/parallel-env-spec', () => {
  const entryPoint = (kw: Record<string, unknown>) => new ParallelCounterEnv(kw);

  it('parses the id, fills defaults and freezes a copy of the kwargs', () => {
    const kwargs = { length: 3 };
    const s = new ParallelEnvSpec({ id: 'lab/Pair-v2', entryPoint, kwargs });
    kwargs.length = 9;
    assert.equal(s.namespace, 'lab');
    assert.equal(s.name, 'Pair');
    assert.equal(s.version, 2);
    assert.equal(s.nondeterministic, false);
    assert.equal(s.description, '');
    assert.equal(s.configSchema, null);
    assert.equal(s.module, null);
    assert.deepEqual(s.kwargs, { length: 3 });
    assert.ok(Object.isFrozen(s.kwargs));
    assert.throws(() => new ParallelEnvSpec({ id: 'Pair-v0', entryPoint: 3 as never }), /entryPoint must be a function/);
  });

  it('copies with changes, makes through the registry and has a JSON view marked parallel', () => {
    const s = new ParallelEnvSpec({ id: 'Pair-v0', entryPoint, kwargs: { length: 2 }, description: 'two' });
    const t = s.with({ nondeterministic: true });
    assert.equal(t.nondeterministic, true);
    assert.deepEqual(t.kwargs, { length: 2 });
    const env = s.make({ cLength: 1 }) as ParallelCounterEnv;
    assert.equal(env.length, 2);
    assert.equal(env.cLength, 1);
    assert.deepEqual(s.toJSON(), {
      id: 'Pair-v0', namespace: null, name: 'Pair', version: 0, parallel: true, nondeterministic: false, kwargs: { length: 2 }, description: 'two',
    });
  });

  it('vectorEntryPoint: null by default, kept by with(), and refused when not a function', () => {
    assert.equal(new ParallelEnvSpec({ id: 'Pair-v0', entryPoint }).vectorEntryPoint, null);
    const vep = () => {
      throw new Error('not made here');
    };
    const s = new ParallelEnvSpec({ id: 'Pair-v0', entryPoint, vectorEntryPoint: vep });
    assert.equal(s.with({ description: 'x' }).vectorEntryPoint, vep);
    assert.throws(() => new ParallelEnvSpec({ id: 'Pair-v0', entryPoint, vectorEntryPoint: 3 as never }), /vectorEntryPoint must be a function/);
  });

  it('cost: 1 without a cost function; the function sees merged kwargs; non-positive results fall back to 1', () => {
    assert.equal(new ParallelEnvSpec({ id: 'Pair-v0', entryPoint }).cost({}), 1);
    const s = new ParallelEnvSpec({ id: 'Pair-v0', entryPoint, kwargs: { n: 4 }, cost: (kw) => (kw.n as number) / 2 });
    assert.equal(s.cost({}), 2);
    assert.equal(s.cost({ n: 10 }), 5);
    assert.equal(s.cost({ n: -1 }), 1);
  });
});
