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

describe('cli: list, schema and check of parallel environments', function () {
  this.timeout(120_000);
  let runs: { code: number | null; stdout: string; stderr: string }[] = [];
  before(async () => {
    runs = await Promise.all([cli(['list', '--json']), cli(['schema', 'EdgeLLMMulti-v0']), cli(['check', 'EdgeLLMMulti-Large-v0', '--json'])]);
  });

  it('list --json has the parallel ids apart from the single-agent ones', () => {
    const r = runs[0]!;
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { envs: { id: string }[]; parallelEnvs: { id: string }[] };
    assert.deepEqual(out.parallelEnvs.map((e) => e.id), ['EdgeLLMMulti-AzureConv-v0', 'EdgeLLMMulti-Large-v0', 'EdgeLLMMulti-NoMarket-v0', 'EdgeLLMMulti-v0']);
    // make() knows the multi-edge systems only as their single-agent views
    assert.deepEqual(
      out.envs.filter((e) => e.id.startsWith('EdgeLLMMulti')).map((e) => e.id).sort(),
      ['EdgeLLMMulti-AzureConv-View-v0', 'EdgeLLMMulti-Large-View-v0', 'EdgeLLMMulti-NoMarket-View-v0', 'EdgeLLMMulti-View-v0'],
    );
  });

  it('schema prints the multi-edge configuration schema', () => {
    const r = runs[1]!;
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { $id: string; properties: Record<string, unknown> };
    assert.equal(out.$id, 'edgellm-gym/EdgeLLMMultiConfig');
    assert.ok('servers' in out.properties && 'market' in out.properties);
  });

  it('check runs checkParallelEnv over a whole episode', () => {
    const r = runs[2]!;
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { env: 'EdgeLLMMulti-Large-v0', ok: true, parallel: true, warnings: [], steps: 100 });
  });
});
