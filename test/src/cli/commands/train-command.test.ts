import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './run-cli.ts';

describe('cli: train', function () {
  this.timeout(240_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'train-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('trains one policy shared by the servers on a multi-agent id (one sub-environment per copy and server)', async () => {
    const out = join(dir, 'multi');
    const config = { numEnvs: 4, ppo: { rolloutSteps: 400, epochs: 1, batchSize: 200 }, network: { mlpHidden: [8] }, evalEpisodes: 1, evalEvery: 1, envKwargs: { common: { horizon: 20 } } };
    const r = await cli(['train', '--agent', 'ppo', '--env', 'EdgeLLMMulti-v0', '--steps', '400', '--seed', '3', '--out', out, '--config', JSON.stringify(config), '--backend', 'cpu', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as { envSteps: number; episodes: number; best: { evalCost: number }; gradients: string };
    assert.equal(summary.envSteps, 400);
    assert.equal(summary.gradients, 'hand', 'the hand-derived gradient steps by default');
    assert.equal(summary.episodes, 20, '1 copy × 4 servers, 100 steps each: 5 episodes of 20 slots per server');
    assert.ok(summary.best.evalCost > 0);
    const ckpt = JSON.parse(readFileSync(join(out, 'best.json'), 'utf8')) as { env: { id: string; agents: { names: string[] } } };
    assert.equal(ckpt.env.id, 'EdgeLLMMulti-v0');
    assert.deepEqual(ckpt.env.agents.names, ['es0', 'es1', 'es2', 'es3']);
  });

  it('--gradients takes hand or autodiff, and says so for anything else', async () => {
    const r = await cli(['train', '--agent', 'ppo', '--env', 'EdgeLLM-v0', '--steps', '10', '--gradients', 'tfjs', '--out', join(dir, 'none')]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /--gradients must be hand or autodiff, got 'tfjs'/);
  });

  it('names the closest id of either registry for an unknown one', async () => {
    const r = await cli(['train', '--agent', 'ppo', '--env', 'EdgeLLMMulty-v0', '--steps', '10', '--out', join(dir, 'none')]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Did you mean 'EdgeLLMMulti-v0'\?/);
  });
});
