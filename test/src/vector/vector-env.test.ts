import { strict as assert } from 'node:assert';
import { VectorEnv, expandSeeds, readResetMask } from '../../../src/vector/vector-env.ts';
import { SyncVectorEnv } from '../../../src/vector/sync-vector-env.ts';
import { CountEnv, messageOf } from '../helpers.ts';

describe('src/vector/vector-env', () => {
  it('expands a vector seed: none, seed + i, or one per sub-environment', () => {
    assert.deepEqual(expandSeeds(undefined, 3), [undefined, undefined, undefined]);
    assert.deepEqual(expandSeeds(5, 3), [5, 6, 7]);
    assert.deepEqual(expandSeeds([1, undefined, 2], 3), [1, undefined, 2]);
    assert.equal(messageOf(() => expandSeeds([1, 2], 3)), 'reset seed array must have numEnvs=3 entries; got 2.');
  });

  it('reads and strips reset_mask (or resetMask) from the options', () => {
    assert.deepEqual(readResetMask(undefined, 2), [null, undefined]);
    assert.deepEqual(readResetMask({ a: 1 }, 2), [null, { a: 1 }]);
    assert.deepEqual(readResetMask({ a: 1, reset_mask: [true, false] }, 2), [[true, false], { a: 1 }]);
    assert.deepEqual(readResetMask({ resetMask: Uint8Array.of(0, 1) }, 2), [[false, true], {}]);
    const options = { reset_mask: [true, true] };
    readResetMask(options, 2);
    assert.deepEqual(options, { reset_mask: [true, true] }, 'the caller’s options are not modified');
    assert.equal(messageOf(() => readResetMask({ reset_mask: [true] }, 2)), 'options.reset_mask must be an array of 2 booleans; got [true].');
    assert.equal(messageOf(() => readResetMask({ reset_mask: [0, 0] }, 2)), 'options.reset_mask must flag at least one sub-environment.');
    assert.equal(messageOf(() => readResetMask({ reset_mask: ['yes', 'no'] }, 2)), 'options.reset_mask entries must be booleans (or 0/1); entry 0 is "yes".');
    assert.equal(messageOf(() => readResetMask({ reset_mask: 'ab' }, 2)), 'options.reset_mask must be an array of 2 booleans; got "ab".');
  });

  it('is the base of SyncVectorEnv, with a spec slot and a printable name', () => {
    const v = new SyncVectorEnv([() => new CountEnv()]);
    assert.ok(v instanceof VectorEnv);
    assert.equal(v.spec, null);
    assert.equal(v.toString(), '<SyncVectorEnv(unregistered, 1)>');
  });
});
