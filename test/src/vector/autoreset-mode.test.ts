import { strict as assert } from 'node:assert';
import { AutoresetMode, checkAutoresetMode } from '../../../src/vector/autoreset-mode.ts';

describe('src/vector/autoreset-mode', () => {
  it('names the three modes', () => {
    assert.deepEqual(AutoresetMode, { NEXT_STEP: 'next-step', SAME_STEP: 'same-step', DISABLED: 'disabled' });
    for (const m of Object.values(AutoresetMode)) assert.equal(checkAutoresetMode(m), m);
  });

  it('rejects anything else, listing the modes', () => {
    for (const bad of ['NextStep', undefined, 1]) {
      assert.throws(() => checkAutoresetMode(bad), (e: Error) => e instanceof TypeError && e.message === `autoresetMode must be 'next-step', 'same-step' or 'disabled'; got ${JSON.stringify(bad)}.`);
    }
  });
});
