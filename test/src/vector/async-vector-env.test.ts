import { strict as assert } from 'node:assert';
import '../../fixtures/counter-env.ts';
import { AsyncVectorEnv } from '../../../src/vector/async-vector-env.ts';
import { SyncVectorEnv } from '../../../src/vector/sync-vector-env.ts';
import { make } from '../../../src/registry/registry.ts';
import { dataEquivalence } from '../../../src/checker/data-equivalence.ts';
import { GymError } from '../../../src/core/errors.ts';

const MODULE = new URL('../../fixtures/counter-env.ts', import.meta.url);

describe('src/vector/async-vector-env', function () {
  this.timeout(60000);

  for (const mode of ['next-step', 'same-step'] as const) {
    it(`gives exactly the results of SyncVectorEnv (${mode})`, async () => {
      const asyncEnvs = await AsyncVectorEnv.create('test/Counter-v0', 5, { modules: [MODULE], numWorkers: 2, autoresetMode: mode, kwargs: { length: 3 } });
      const syncEnvs = new SyncVectorEnv(Array.from({ length: 5 }, () => () => make('test/Counter-v0', { length: 3 }, { disableEnvChecker: true })), { autoresetMode: mode });
      try {
        assert.ok(dataEquivalence(asyncEnvs.reset({ seed: 9 }), syncEnvs.reset({ seed: 9 }), true));
        for (let k = 0; k < 8; k++) {
          const actions = Int32Array.from({ length: 5 }, (_, i) => (i + k) % 3);
          const a = asyncEnvs.step(actions);
          const s = syncEnvs.step(actions);
          assert.ok(dataEquivalence(a, s, true), `step ${k}: ${JSON.stringify(a[4])} vs ${JSON.stringify(s[4])}`);
        }
        assert.deepEqual(asyncEnvs.call('toString'), syncEnvs.call('toString'));
      } finally {
        asyncEnvs.close();
        syncEnvs.close();
      }
    });
  }

  it('passes sub-environment errors back with their message, and closes cleanly twice', async () => {
    const envs = await AsyncVectorEnv.create('test/Counter-v0', 4, { modules: [MODULE], numWorkers: 1 });
    envs.reset({ seed: 0 });
    assert.throws(() => envs.step(Int32Array.of(0, 0, 0, 7)), (e: unknown) => e instanceof Error && /action must be 0, 1 or 2; got 7/.test(e.message));
    envs.close();
    envs.close();
    assert.throws(() => envs.reset(), /closed/);
  });

  it('reports an unknown id, and a worker that cannot load its modules', async () => {
    await assert.rejects(AsyncVectorEnv.create('test/Missing-v0', 3, { modules: [MODULE], numWorkers: 1 }), /Environment `Missing` doesn't exist/);
    await assert.rejects(
      AsyncVectorEnv.create('test/Counter-v0', 3, { modules: [MODULE, new URL('../../fixtures/no-such-module.ts', import.meta.url)], numWorkers: 1 }),
      (e: unknown) => e instanceof GymError && /failed to start/.test(e.message),
    );
  });

  it('must be made with create()', () => {
    assert.throws(() => new (AsyncVectorEnv as unknown as new (...a: unknown[]) => unknown)('test/Counter-v0', 2, {}), /AsyncVectorEnv\.create/);
  });
});
