import { strict as assert } from 'node:assert';
import { cli } from './run-cli.ts';

describe('cli: eval-multi', function () {
  this.timeout(120_000);

  it('--json: one row per baseline with the system cost per slot with the market on and off', async () => {
    const r = await cli(['eval-multi', '--baselines', 'cloud,lfu', '--episodes', '1', '--config', '{"common":{"horizon":10}}', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { env: string; rows: { baseline: string; systemCostMarketOn: number; systemCostMarketOff: number; marketGain: number }[] };
    assert.equal(out.env, 'EdgeLLMMulti-v0');
    assert.deepEqual(out.rows.map((x) => x.baseline), ['cloud', 'lfu']);
    for (const x of out.rows) assert.equal(x.marketGain, x.systemCostMarketOff - x.systemCostMarketOn);
  });

  it('eval of a multi-agent id points to eval-multi', async () => {
    const r = await cli(['eval', '--agent', 'lfu', '--env', 'EdgeLLMMulti-v0', '--episodes', '1']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /EdgeLLMMulti-v0 is a multi-agent environment .*eval-multi --env EdgeLLMMulti-v0/);
  });

  it('an unknown baseline fails naming the closest one', async () => {
    const r = await cli(['eval-multi', '--baselines', 'greedyy', '--episodes', '1']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Unknown agent 'greedyy'. Did you mean 'greedy'\?/);
  });
});
