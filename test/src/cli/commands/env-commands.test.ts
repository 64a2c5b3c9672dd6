import { strict as assert } from 'node:assert';
import { cli } from './run-cli.ts';

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
