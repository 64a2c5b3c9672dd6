import { strict as assert } from 'node:assert';
import '../../fixtures/counter-env.ts';
import { makeVecAsync } from '../../../src/registry/make-vec-async.ts';
import { makeVec, register, unregister } from '../../../src/registry/registry.ts';
import { CounterEnv } from '../../fixtures/counter-env.ts';
import { dataEquivalence } from '../../../src/checker/data-equivalence.ts';

describe('src/registry/make-vec-async', function () {
  this.timeout(60000);

  it('makes a worker-thread vector of a spec that names its module, equal to makeVec', async () => {
    register({ id: 'test/CounterMod-v0', entryPoint: (kw) => new CounterEnv(kw), module: new URL('../../fixtures/counter-module.ts', import.meta.url).href });
    try {
      const a = await makeVecAsync('test/CounterMod-v0', 3, { numWorkers: 1, kwargs: { length: 2 } });
      const s = makeVec('test/CounterMod-v0', 3, { kwargs: { length: 2 } });
      assert.equal(a.spec?.id, 'test/CounterMod-v0');
      assert.ok(dataEquivalence(a.reset({ seed: 1 }), s.reset({ seed: 1 }), true));
      for (let k = 0; k < 4; k++) assert.ok(dataEquivalence(a.step(Int32Array.of(1, 2, 0)), s.step(Int32Array.of(1, 2, 0)), true));
      a.close();
      s.close();
    } finally {
      unregister('test/CounterMod-v0');
    }
  });

  it('refuses a spec without a module, saying how to fix it', async () => {
    await assert.rejects(makeVecAsync('test/Counter-v0', 2), /registered without `module`.*pass module: import\.meta\.url/);
  });
});
