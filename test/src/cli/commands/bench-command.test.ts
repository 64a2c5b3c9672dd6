import assert from 'node:assert/strict';
import { cli } from './run-cli.ts';

describe('src/cli/commands/bench-command', () => {
  it('bench learn --rounds names a bad count and the fix, before measuring anything', async function () {
    this.timeout(60_000);
    const r = await cli(['bench', 'learn', '--rounds', '0', '--no-torch']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /--rounds/);
    assert.doesNotMatch(r.stderr, /env-steps\/s/);
  });

  it('bench learn --help documents --rounds', async function () {
    this.timeout(60_000);
    const r = await cli(['bench', 'learn', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--rounds <n>\s+rounds of the three training figures/);
  });
});
