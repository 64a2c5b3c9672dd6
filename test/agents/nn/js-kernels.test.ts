import assert from 'node:assert/strict';
import { fastTanh, sigmoid, softplus } from '../../../agents/nn/js-kernels.ts';

/** Distance in float32 units in the last place. */
function ulps(a: number, b: number): number {
  const v = new Float32Array([a, b]);
  const i = new Int32Array(v.buffer);
  return Math.abs(i[0]! - i[1]!);
}

describe('js-kernels', () => {
  it('fastTanh is within one float32 ulp of Math.tanh on [−12, 12], odd, and saturates at ±1', () => {
    let worst = 0;
    for (let k = 0; k <= 200_000; k++) {
      const x = Math.fround(-12 + (24 * k) / 200_000);
      worst = Math.max(worst, ulps(fastTanh(x), Math.tanh(x)));
      assert.equal(fastTanh(-x), -fastTanh(x));
      assert.ok(Math.abs(Math.fround(fastTanh(x))) <= 1);
    }
    assert.ok(worst <= 1, `worst ${worst} ulps`);
    assert.equal(fastTanh(0), 0);
    assert.ok(ulps(fastTanh(50), 1) <= 1, 'saturates within one ulp of 1');
    assert.ok(ulps(fastTanh(-Infinity), -1) <= 1);
  });

  it('sigmoid and softplus are stable at large |x|', () => {
    assert.equal(sigmoid(-800), 0);
    assert.equal(sigmoid(800), 1);
    assert.ok(Math.abs(softplus(800) - 800) < 1e-9);
    assert.ok(softplus(-800) >= 0 && softplus(-800) < 1e-300);
  });
});
