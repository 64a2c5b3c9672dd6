import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import '../../envs/index.ts';
import { fileURLToPath } from 'node:url';
import { startServer, type BridgeServer } from '../../bridge/server/server.ts';
import { pythonForTests } from './python-env.ts';

const TORCH_PPO_SCRIPT = fileURLToPath(new URL('../../bridge/python/benchmarks/ppo_torch.py', import.meta.url));

describe('bridge/python/benchmarks/ppo_torch.py (the PyTorch PPO of bench learn)', function () {
  this.timeout(300_000);
  let python = '';
  let server: BridgeServer;

  before(async function () {
    const found = pythonForTests();
    const probe = found.python === null ? null : spawnSync(found.python, ['-c', 'import torch'], { encoding: 'utf8', timeout: 120_000 });
    if (probe === null || probe.status !== 0) {
      console.log(`    skipping the PyTorch PPO test: torch is not importable in ${found.python ?? 'any Python'} (install the CPU wheel into .venv: .venv/bin/pip install torch)`);
      this.skip();
    }
    python = found.python!;
    server = await startServer({ port: 0, log: 'silent', heartbeatMs: 0 });
  });
  after(async () => {
    await server?.close();
  });

  it('trains through the bridge and reports env-steps/s with the configured batch layout', async () => {
    const args = [TORCH_PPO_SCRIPT, '--url', server.url, '--iterations', '1', '--num-envs', '4', '--num-steps', '32', '--update-epochs', '2', '--minibatch-size', '32'];
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, err);
    const r = JSON.parse(out.trim().split('\n').slice(-1)[0]!) as Record<string, number | string>;
    assert.equal(r.stepsPerIteration, 128);
    assert.equal(r.gradientStepsPerUpdate, 8); // 2 epochs × 128 / 32
    assert.ok((r.envStepsPerSecond as number) > 0 && Number.isFinite(r.envStepsPerSecond as number), out);
    assert.equal(r.env, 'EdgeLLM-v0');
    const cpu = r.updateCpuSecondsPerIteration as number;
    assert.ok(cpu > 0 && Number.isFinite(cpu), `update CPU seconds: ${cpu}`);
  });
});
