import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import '../../envs/index.ts';
import { startServer, type BridgeServer } from '../../bridge/server/server.ts';
import { pythonForTests, runUnittestSuite } from './python-env.ts';

const PKG = fileURLToPath(new URL('../../bridge/python/', import.meta.url));
const GYM_BIN = fileURLToPath(new URL('../../bin/edgellm-gym.js', import.meta.url));

/** Whether `python` imports `module`. */
function imports(python: string, module: string): boolean {
  return spawnSync(python, ['-c', `import ${module}`], { encoding: 'utf8', timeout: 120_000 }).status === 0;
}

describe('bridge/python edgellm_bridge.sb3 (SB3VecEnv)', function () {
  this.timeout(600_000);
  let python = '';
  let server: BridgeServer;

  before(async function () {
    const found = pythonForTests();
    if (found.python === null || found.gymnasium === null) {
      console.log(`    skipping the SB3VecEnv tests: they need real gymnasium (${found.note || 'not found'})`);
      this.skip();
    }
    python = found.python!;
    server = await startServer({ port: 0, log: 'silent' });
  });
  after(async () => {
    await server?.close();
  });

  it("gives SB3 DummyVecEnv's trajectories over RemoteVectorEnv (every autoreset mode), SyncVectorEnv and RayVectorEnv", async () => {
    const ray = imports(python, 'ray');
    const sb3 = imports(python, 'stable_baselines3');
    const { code, out } = await runUnittestSuite(python, PKG, 'tests_sb3', {
      EDGELLM_BRIDGE_URL: server.url,
      EDGELLM_GYM_BIN: GYM_BIN,
      RAY_USAGE_STATS_ENABLED: '0',
    });
    assert.equal(code, 0, out);
    assert.match(out, /Ran 14 tests/, out);
    assert.match(out, /test_remote_vector_env_in_every_autoreset_mode_matches_dummy_vec_env .* ok/, out);
    assert.match(out, /test_gymnasium_sync_vector_env_of_remote_envs_matches .* ok/, out);
    assert.match(out, /test_terminated_and_truncated_together_is_not_a_time_limit .* ok/, out);
    assert.match(out, /test_episode_statistics_of_gymnasiums_vector_wrapper_reach_each_info .* ok/, out);
    if (ray) {
      assert.match(out, /test_ray_vector_env_matches_dummy_vec_env .* ok/, out);
      assert.match(out, /test_a_failed_actor_ends_its_episodes_truncated_and_restarts_reproducibly .* ok/, out);
    } else {
      console.log('    ray does not import: the RayVectorEnv cases of SB3VecEnv were skipped');
      assert.match(out, /test_ray_vector_env_matches_dummy_vec_env .* skipped 'ray is not installed/, out);
    }
    if (sb3) {
      assert.match(out, /test_sb3_ppo_learns_through_the_adapter .* ok/, out);
    } else {
      console.log('    stable_baselines3 does not import: the PPO run through SB3VecEnv was skipped');
      assert.match(out, /test_sb3_ppo_learns_through_the_adapter .* skipped 'stable_baselines3 is not installed/, out);
    }
  });
});
