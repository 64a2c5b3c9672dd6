import { strict as assert } from 'node:assert';
import { ACCURACY, TASKS, accuracyAt, marginalPathGain } from '../../../envs/data/accuracy.ts';

describe('envs/data/accuracy', () => {
  it('holds the published table', () => {
    assert.equal(ACCURACY['lamda-137b'].GSM8K.cot, 17);
    assert.deepEqual(ACCURACY['palm-540b'].SVAMP.sc, [83, 88, 85, 85]);
    assert.equal(TASKS.length, 7);
  });

  it('interpolates linearly between the tabulated path counts', () => {
    assert.equal(accuracyAt('palm-540b', 'GSM8K', 1), 0.56);
    assert.equal(accuracyAt('palm-540b', 'GSM8K', 10), 0.7);
    assert.ok(Math.abs(accuracyAt('palm-540b', 'GSM8K', 12.5) - 0.705) < 1e-12);
    assert.ok(Math.abs(accuracyAt('palm-540b', 'GSM8K', 3) - (0.56 + 0.5 * 0.09)) < 1e-12);
    assert.equal(accuracyAt('palm-540b', 'GSM8K', 40), 0.72);
  });

  it('gives the marginal gain of one more path', () => {
    assert.ok(Math.abs(marginalPathGain('lamda-137b', 'MultiArith', 5) - 0.012) < 1e-12);
    assert.ok(marginalPathGain('palm-540b', 'SVAMP', 10) < 0, 'the published SVAMP curve dips after 10 paths');
  });
});
