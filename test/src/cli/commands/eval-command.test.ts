import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** Runs the command-line tool from the repository root. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'edgellm-gym.js'), ...args], { cwd: ROOT, env: { ...process.env, EDGELLM_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

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
