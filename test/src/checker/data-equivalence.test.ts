import { strict as assert } from 'node:assert';
import { dataEquivalence } from '../../../src/checker/data-equivalence.ts';

describe('src/checker/data-equivalence', () => {
  it('compares typed arrays by dtype, length and values within 1e-5 absolute + 1e-5 relative', () => {
    assert.equal(dataEquivalence(Float32Array.of(1, 2), Float32Array.of(1, 2), true), true);
    assert.equal(dataEquivalence(Float64Array.of(1), Float64Array.of(1 + 5e-6)), true);
    assert.equal(dataEquivalence(Float64Array.of(1), Float64Array.of(1 + 5e-6), true), false);
    assert.equal(dataEquivalence(Float64Array.of(1), Float64Array.of(1 + 1e-4)), false);
    assert.equal(dataEquivalence(Float64Array.of(1e6), Float64Array.of(1e6 + 5)), true, 'relative tolerance 1e-5 of 1e6 is 10');
    assert.equal(dataEquivalence(Float64Array.of(1e6), Float64Array.of(1e6 + 20)), false);
    assert.equal(dataEquivalence(Float32Array.of(1), Float64Array.of(1)), false, 'dtypes differ');
    assert.equal(dataEquivalence(Float32Array.of(1), [1]), false);
    assert.equal(dataEquivalence(Int32Array.of(1, 2), Int32Array.of(1)), false);
  });

  it('treats NaN as equal to NaN', () => {
    assert.equal(dataEquivalence(Float64Array.of(Number.NaN), Float64Array.of(Number.NaN), true), true);
    assert.equal(dataEquivalence(Number.NaN, Number.NaN), true);
    assert.equal(dataEquivalence(Number.NaN, 0), false);
  });

  it('compares plain values exactly and structures recursively', () => {
    assert.equal(dataEquivalence(1, 1 + 1e-9), false);
    assert.equal(dataEquivalence('a', 'a'), true);
    assert.equal(dataEquivalence(true, 1), false);
    assert.equal(dataEquivalence(null, undefined), false);
    assert.equal(dataEquivalence({ a: [1, Float32Array.of(2)], b: { c: 'x' } }, { b: { c: 'x' }, a: [1, Float32Array.of(2)] }), true);
    assert.equal(dataEquivalence({ a: 1 }, { a: 1, b: 2 }), false);
    assert.equal(dataEquivalence({ a: 1 }, { b: 1 }), false);
    assert.equal(dataEquivalence([1, 2], [1, 2, 3]), false);
    assert.equal(dataEquivalence([1], { 0: 1 }), false);
  });
});
