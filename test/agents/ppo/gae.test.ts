import assert from 'node:assert/strict';
import { computeGae } from '../../../agents/ppo/gae.ts';
import { normalizeAdvantages } from '../../../agents/ppo/advantages.ts';

function close(actual: ArrayLike<number>, expected: number[], tol = 1e-5): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i]! - e) < tol, `[${i}] ${actual[i]} vs ${e}`));
}

describe('computeGae', () => {
  const base = { rewards: [1, 2, 3], values: [0.5, 1.0, 1.5], numEnvs: 1, gamma: 0.9, lambda: 0.8 };

  it('termination at the last step: no bootstrap', () => {
    // δ = [1.4, 2.35, 1.5]; A2 = 1.5, A1 = 2.35 + 0.72·1.5, A0 = 1.4 + 0.72·A1
    const out = computeGae({ ...base, terminated: [0, 0, 1], truncated: [0, 0, 0], lastValues: [99] });
    close(out.advantages, [3.8696, 3.43, 1.5]);
    close(out.returns, [4.3696, 4.43, 3.0]);
  });

  it('truncation at the last step: bootstraps from the final observation’s value', () => {
    // δ2 = 3 + 0.9·2 − 1.5 = 3.3; A1 = 2.35 + 0.72·3.3 = 4.726; A0 = 1.4 + 0.72·4.726
    const out = computeGae({
      ...base,
      terminated: [0, 0, 0],
      truncated: [0, 0, 1],
      finalValues: [0, 0, 2.0],
      lastValues: [99],
    });
    close(out.advantages, [4.80272, 4.726, 3.3]);
    // an unfinished rollout with the same bootstrap value gives the same numbers
    const open = computeGae({ ...base, terminated: [0, 0, 0], truncated: [0, 0, 0], lastValues: [2.0] });
    close(open.advantages, [4.80272, 4.726, 3.3]);
  });

  it('an episode boundary in the middle stops the recursion', () => {
    const out = computeGae({ ...base, terminated: [0, 1, 0], truncated: [0, 0, 0], lastValues: [2.0] });
    close(out.advantages, [2.12, 1, 3.3]);
  });

  it('handles several environments in time-major order', () => {
    const out = computeGae({
      rewards: [1, 1, 2, 2, 3, 3],
      values: [0.5, 0.5, 1.0, 1.0, 1.5, 1.5],
      terminated: [0, 0, 0, 0, 1, 0],
      truncated: [0, 0, 0, 0, 0, 1],
      finalValues: [0, 0, 0, 0, 0, 2.0],
      lastValues: [99, 99],
      numEnvs: 2,
      gamma: 0.9,
      lambda: 0.8,
    });
    close(out.advantages, [3.8696, 4.80272, 3.43, 4.726, 1.5, 3.3]);
  });

  it('names the problem in its errors', () => {
    assert.throws(
      () => computeGae({ ...base, terminated: [0, 0, 0], truncated: [0, 0, 1], lastValues: [0] }),
      /finalValues/,
    );
    assert.throws(() => computeGae({ ...base, terminated: [0, 0], truncated: [0, 0, 0], lastValues: [0] }), /terminated/);
    assert.throws(() => computeGae({ ...base, terminated: [0, 0, 0], truncated: [0, 0, 0], lastValues: [] }), /lastValues/);
  });
});

describe('normalizeAdvantages', () => {
  it('gives zero mean and unit variance', () => {
    const out = normalizeAdvantages([1, 2, 3, 4]);
    const mean = out.reduce((a, b) => a + b, 0) / 4;
    const variance = out.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
    assert.ok(Math.abs(mean) < 1e-6);
    assert.ok(Math.abs(variance - 1) < 1e-5);
  });

  it('ignores masked entries', () => {
    const out = normalizeAdvantages([1, 3, 100], [1, 1, 0]);
    close(out, [-1, 1, 0]);
  });
});
