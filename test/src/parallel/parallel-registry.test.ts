import { strict as assert } from 'node:assert';
import { RegistrationError, UnregisteredEnv } from '../../../src/core/errors.ts';
import { register, unregister } from '../../../src/registry/registry.ts';
import {
  isParallelEnvId,
  listParallelSpecs,
  makeParallel,
  parallelSpec,
  registerParallel,
  unregisterParallel,
} from '../../../src/parallel/parallel-registry.ts';
import { ParallelCounterEnv } from '../../fixtures/parallel-counter-env.ts';
import { CountEnv } from '../helpers.ts';

describe('src/parallel/parallel-registry', () => {
  it('makes a registered env with the spec kwargs overridden by the given ones, and sets its spec', () => {
    const env = makeParallel('test/ParallelCounter-v0', { length: 7 }) as ParallelCounterEnv;
    assert.ok(env instanceof ParallelCounterEnv);
    assert.equal(env.length, 7);
    assert.equal(env.spec?.id, 'test/ParallelCounter-v0');
    assert.deepEqual(env.spec?.kwargs, { length: 7 });
    assert.equal(isParallelEnvId('test/ParallelCounter-v0'), true);
    assert.ok(listParallelSpecs().some((s) => s.id === 'test/ParallelCounter-v0'));
  });

  it('spec defaults are copied per make, so an env mutating its kwargs leaves the spec alone', () => {
    const s = registerParallel({
      id: 'test/ParallelMut-v0',
      kwargs: { nested: { n: 1 } },
      entryPoint: (kw) => {
        (kw.nested as { n: number }).n = 99;
        return new ParallelCounterEnv(kw);
      },
    });
    try {
      makeParallel('test/ParallelMut-v0');
      assert.deepEqual(s.kwargs, { nested: { n: 1 } });
      const env = s.make({ length: 2 }) as ParallelCounterEnv;
      assert.equal(env.length, 2);
    } finally {
      unregisterParallel('test/ParallelMut-v0');
    }
  });

  it('an unknown id suggests the closest parallel id; a single-agent id points to make', () => {
    assert.throws(() => makeParallel('test/ParallelCountr-v0'), (e: Error) => e instanceof UnregisteredEnv && /Did you mean: `test\/ParallelCounter-v0`/.test(e.message));
    register({ id: 'test/SingleOnly-v0', entryPoint: () => new CountEnv() });
    try {
      assert.throws(() => parallelSpec('test/SingleOnly-v0'), /single-agent environment: make it with make\('test\/SingleOnly-v0'\)/);
      assert.throws(
        () => registerParallel({ id: 'test/SingleOnly-v0', entryPoint: (kw) => new ParallelCounterEnv(kw) }),
        (e: Error) => e instanceof RegistrationError && /single-agent/.test(e.message),
      );
    } finally {
      unregister('test/SingleOnly-v0');
    }
  });

  it('refuses kwargs that are not an object and entry points that return no parallel env', () => {
    assert.throws(() => makeParallel('test/ParallelCounter-v0', [] as never), /kwargs must be an object/);
    registerParallel({ id: 'test/ParallelBad-v0', entryPoint: () => ({}) as never });
    try {
      assert.throws(() => makeParallel('test/ParallelBad-v0'), /must return a ParallelEnv/);
    } finally {
      unregisterParallel('test/ParallelBad-v0');
    }
  });
});
