import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import '../../envs/index.ts';
import { startServer, type BridgeServer } from '../../bridge/server/server.ts';
import { pythonForTests, runUnittestSuite } from './python-env.ts';

const PKG = fileURLToPath(new URL('../../bridge/python/', import.meta.url));
const GYM_BIN = fileURLToPath(new URL('../../bin/edgellm-gym.js', import.meta.url));
/** Ray core from the machine's package index (RLlib is not installable here: its dm_tree is missing). */
const RAY = 'ray==2.58.0';

/** `null` when `python` imports ray (installing it when missing), else why not. */
function ensureRay(python: string): string | null {
  const probe = () => spawnSync(python, ['-c', 'import ray'], { encoding: 'utf8', timeout: 120_000 });
  if (probe().status === 0) return null;
  const r = spawnSync(python, ['-m', 'pip', 'install', '-q', '--retries', '0', '--timeout', '10', RAY], { encoding: 'utf8', timeout: 400_000 });
  if (r.status !== 0) return `pip could not install ${RAY}: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-1)[0]}`;
  const again = probe();
  return again.status === 0 ? null : `ray does not import: ${again.stderr.trim().split('\n').slice(-1)[0]}`;
}

describe('bridge/python edgellm_bridge.ray (local Ray, num_cpus=2)', function () {
  this.timeout(600_000);
  let python = '';
  let server: BridgeServer;

  before(async function () {
    const found = pythonForTests();
    if (found.python === null || found.gymnasium === null) {
      console.log(`    skipping the Ray tests: they need real gymnasium (${found.note || 'not found'})`);
      this.skip();
    }
    python = found.python!;
    const why = ensureRay(python);
    if (why !== null) {
      console.log(`    skipping the Ray tests: ${why}`);
      this.skip();
    }
    server = await startServer({ port: 0, log: 'silent' });
  });
  after(async () => {
    await server?.close();
  });

  it('matches single-process trajectories, survives a killed actor (truncated episode) and leaves no server behind', async () => {
    const { code, out } = await runUnittestSuite(python, PKG, 'tests_ray', {
        EDGELLM_BRIDGE_URL: server.url,
        EDGELLM_GYM_BIN: GYM_BIN,
        RAY_USAGE_STATS_ENABLED: '0',
    });
    assert.equal(code, 0, out);
    assert.match(out, /Ran 3 tests/, out);
    assert.doesNotMatch(out, /skipped/, out);
    assert.match(out, /test_trajectories_equal_single_process_and_failure_truncates .* ok/, out);
  });
});
