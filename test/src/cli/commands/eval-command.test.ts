import { strict as assert } from 'node:assert';
import { cli } from './run-cli.ts';

describe('cli: eval', function () {
  this.timeout(120_000);
  const base = ['eval', '--agent', 't2drl', '--env', 'EdgeLLM-Flip-v0', '--episodes', '1', '--json'];
  let runs: { code: number | null; stdout: string; stderr: string }[] = [];
  before(async () => {
    runs = await Promise.all([cli(base), cli([...base, '--training-seed', '1']), cli([...base, '--training-seed', '777'])]);
  });

  it('a learned agent by name loads its lowest training seed; --training-seed picks the same one explicitly', () => {
    const [byName, seed1] = runs;
    assert.equal(byName!.code, 0, byName!.stderr);
    assert.equal(seed1!.code, 0, seed1!.stderr);
    const a = JSON.parse(byName!.stdout) as { agent: string; meanCost: number };
    const b = JSON.parse(seed1!.stdout) as { agent: string; meanCost: number };
    assert.equal(a.agent, 't2drl');
    assert.ok(Number.isFinite(a.meanCost));
    assert.equal(a.meanCost, b.meanCost);
  });

  it('a training seed without a checkpoint fails naming the seeds there are', () => {
    const bad = runs[2]!;
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /no checkpoint of training seed 777 for EdgeLLM-Flip-v0/);
    assert.match(bad.stderr, /training seeds available: 1/);
  });
});
