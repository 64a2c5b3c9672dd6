import { strict as assert } from 'node:assert';
import { InvalidArgument, RegistrationError, UnregisteredEnv } from '../../../src/core/errors.ts';
import { AgentVectorEnv } from '../../../src/parallel/agent-vector-env.ts';
import { ServersParallelEnv } from '../../fixtures/servers-parallel-env.ts';
import { register, unregister } from '../../../src/registry/registry.ts';
import {
  isParallelEnvId,
  listParallelSpecs,
  makeAgentVec,
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

  it('makeAgentVec: an AgentVectorEnv of makeParallel copies, or the spec vectorEntryPoint with the merged kwargs', () => {
    registerParallel({ id: 'test/ServersVec-v0', entryPoint: (kw) => new ServersParallelEnv(kw), kwargs: { horizon: 3 } });
    const calls: unknown[][] = [];
    registerParallel({
      id: 'test/ServersVecNative-v0',
      entryPoint: (kw) => new ServersParallelEnv(kw),
      kwargs: { horizon: 3 },
      vectorEntryPoint: (kw, numCopies, options) => {
        calls.push([kw, numCopies, options]);
        return new AgentVectorEnv(Array.from({ length: numCopies }, () => () => new ServersParallelEnv(kw)));
      },
    });
    try {
      const plain = makeAgentVec('test/ServersVec-v0', 2, { kwargs: { horizon: 5 } }) as AgentVectorEnv;
      assert.ok(plain instanceof AgentVectorEnv);
      assert.equal(plain.numEnvs, 6);
      assert.deepEqual(plain.copies.map((c) => (c as ServersParallelEnv).config.horizon), [5, 5]);
      assert.equal(plain.copies[0]!.spec?.id, 'test/ServersVec-v0');
      const native = makeAgentVec('test/ServersVecNative-v0', 3);
      assert.equal(native.numEnvs, 9);
      assert.deepEqual(calls, [[{ horizon: 3 }, 3, { autoresetMode: 'same-step' }]]);
      const forced = makeAgentVec('test/ServersVecNative-v0', 1, { vectorizationMode: 'agent-vector' });
      assert.ok(forced instanceof AgentVectorEnv);
      assert.equal(calls.length, 1, 'agent-vector mode does not call the vectorEntryPoint');
      assert.throws(() => makeAgentVec('test/ServersVec-v0', 1, { vectorizationMode: 'vector-entry-point' }), (e: unknown) => e instanceof InvalidArgument && /has no vectorEntryPoint/.test(e.message));
      assert.throws(() => makeAgentVec('test/ServersVec-v0', 0), InvalidArgument);
      for (const e of [plain, native, forced]) e.close();
    } finally {
      unregisterParallel('test/ServersVec-v0');
      unregisterParallel('test/ServersVecNative-v0');
    }
  });
});
