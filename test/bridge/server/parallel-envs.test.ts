import { strict as assert } from 'node:assert';
import { BridgeError } from '../../../bridge/protocol/error-codes.ts';
import { makeParallelEnv, parallelEnvCost, parallelEnvIds, setParallelEnvSource } from '../../../bridge/server/parallel-envs.ts';
import { PairParallelEnv } from '../../fixtures/pair-parallel-env.ts';

describe('bridge/server/parallel-envs', () => {
  after(async () => {
    // Leave the fixture's source in place for the other tests of this process.
    setParallelEnvSource(null);
    await import(`../../fixtures/pair-parallel-module.ts?again=${Date.now()}`);
  });

  it('refuses every id with unknown_env when no source is set', () => {
    setParallelEnvSource(null);
    assert.deepEqual(parallelEnvIds(), []);
    assert.throws(
      () => parallelEnvCost('Pair-v0', {}),
      (e: unknown) => e instanceof BridgeError && e.code === 'unknown_env' && /No parallel env "Pair-v0" on this server \(parallel envs: none\)/.test(e.message) && e.field === 'request.env',
    );
  });

  it('makes the envs of the source, with its cost (1 when it gives none)', () => {
    const made: Record<string, unknown>[] = [];
    setParallelEnvSource({ ids: () => ['Pair-v0'], make: (_id, config) => (made.push(config), new PairParallelEnv(config)) });
    assert.equal(parallelEnvCost('Pair-v0', { length: 3 }), 1);
    const env = makeParallelEnv('Pair-v0', { length: 3 });
    assert.ok(env instanceof PairParallelEnv);
    assert.deepEqual(made, [{ length: 3 }]);
    assert.throws(() => makeParallelEnv('Pair-v1', {}), /parallel envs: Pair-v0/);
    setParallelEnvSource({ ids: () => ['Pair-v0'], make: () => new PairParallelEnv(), cost: (_id, c) => 2 * (c.n as number) });
    assert.equal(parallelEnvCost('Pair-v0', { n: 4 }), 8);
  });
});
