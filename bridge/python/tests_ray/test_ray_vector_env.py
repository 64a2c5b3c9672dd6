"""RayVectorEnv on a local Ray instance (``ray.init(num_cpus=2)``, one session for all tests).

Needs ray and gymnasium, ``EDGELLM_BRIDGE_URL`` (a server for the single-process reference) and
``EDGELLM_GYM_BIN`` (the package's ``bin/edgellm-gym.js``, which every actor starts); skipped, saying
which is missing, otherwise.
"""
import os
import time
import unittest
import warnings

import numpy as np

from edgellm_bridge import RemoteVectorEnv

from tests_ray.actors import kill_actor

URL = os.environ.get("EDGELLM_BRIDGE_URL")
GYM_BIN = os.environ.get("EDGELLM_GYM_BIN")
try:
    import ray

    from edgellm_bridge.ray import FAILURE_KEY, RayVectorEnv

    WHY = None
except ImportError as e:  # pragma: no cover - depends on the machine
    WHY = "ray is not installed (%s)" % e
if WHY is None and (URL is None or GYM_BIN is None):
    WHY = "EDGELLM_BRIDGE_URL or EDGELLM_GYM_BIN not set"

STEPS = 60  # EdgeLLM episodes are 100 steps: with max_episode_steps=25 every sub-env autoresets twice
MAX_STEPS = 25


def actions_at(t, n):
    cache = np.array([[(t + i + p) % 3 == 0 for p in range(20)] for i in range(n)], dtype=np.int8)
    local = np.array([[((t * 7 + p + i) % 11) / 10 for p in range(20)] for i in range(n)], dtype=np.float32)
    return {"cache": cache, "local": local}


def rollout(env, seed, steps):
    obs, info = env.reset(seed=seed)
    out = [(obs, info)]
    for t in range(steps):
        out.append(env.step(actions_at(t, env.num_envs)))
    return out


def alive(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            return "State:\tZ" not in f.read()
    except FileNotFoundError:
        return False


def wait_gone(pid, seconds=20.0):
    end = time.time() + seconds
    while time.time() < end:
        if not alive(pid):
            return True
        time.sleep(0.2)
    return False


@unittest.skipIf(WHY is not None, WHY or "")
class RayVectorEnvTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)

    @classmethod
    def tearDownClass(cls):
        ray.shutdown()

    def assert_same(self, got, want):
        self.assertEqual(len(got), len(want))
        for t, (g, w) in enumerate(zip(got, want)):
            for part in range(len(w)):
                if part == len(w) - 1:  # infos
                    self.assertEqual(sorted(g[part]), sorted(w[part]), "info keys at step %d" % t)
                    for k in w[part]:
                        if isinstance(w[part][k], np.ndarray) and w[part][k].dtype != object:
                            np.testing.assert_array_equal(g[part][k], w[part][k], "info %s at step %d" % (k, t))
                elif isinstance(w[part], dict):
                    for k in w[part]:
                        np.testing.assert_array_equal(g[part][k], w[part][k])
                else:
                    np.testing.assert_array_equal(g[part], w[part], "part %d at step %d" % (part, t))

    def test_trajectories_equal_single_process_and_failure_truncates(self):
        ref_env = RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=5, max_episode_steps=MAX_STEPS)
        want = rollout(ref_env, 7, STEPS)
        ref_env.close()

        env = RayVectorEnv("EdgeLLM-v0", num_envs=5, num_actors=2, max_episode_steps=MAX_STEPS, gym_bin=GYM_BIN)
        try:
            self.assertEqual(env.bounds, [(0, 3), (3, 5)])
            self.assertEqual(env.observation_space.shape[0], 5)
            self.assertEqual(env.metadata["autoreset_mode"], ref_env.metadata["autoreset_mode"])
            # Sub-envs in two actors, each with its own server: the same trajectories as one process.
            got = rollout(env, 7, STEPS)
            self.assert_same(got, want)
            self.assertTrue(any(s[3].any() for s in got[1:]), "no episode was truncated by the step limit")
            # Reseeding gives the same trajectories again.
            self.assert_same(rollout(env, 7, 5), want[:6])

            # Kill actor 1 mid-episode: its sub-envs' episodes end truncated with the reason, the run goes on.
            victim = env.placement[1]
            kill_actor(env.actors[1])
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                obs, rewards, term, trunc, info = env.step(actions_at(5, 5))
            self.assertTrue(any("Ray actor 1" in str(w.message) for w in caught), [str(w.message) for w in caught])
            np.testing.assert_array_equal(trunc, [False, False, False, True, True])
            np.testing.assert_array_equal(term, [False] * 5)
            np.testing.assert_array_equal(rewards[3:], [0.0, 0.0])
            np.testing.assert_array_equal(info["_" + FAILURE_KEY], [False, False, False, True, True])
            self.assertIn("Ray actor 1", info[FAILURE_KEY][3])
            # The surviving actor stepped as in the single-process run.
            np.testing.assert_array_equal(obs[:3], want[6][0][:3])
            np.testing.assert_array_equal(rewards[:3], want[6][1][:3])
            # The dead actor's observation is the last one it reported (the episode's final observation).
            np.testing.assert_array_equal(obs[3:], want[5][0][3:])
            self.assertEqual(env.restarts, [0, 1])
            self.assertNotEqual(env.placement[1]["pid"], victim["pid"])
            self.assertTrue(wait_gone(victim["server_pid"]), "the killed actor's server is still running")
            # Next step (next-step autoreset): the new actor's sub-envs start new episodes; then all step on.
            obs, rewards, term, trunc, info = env.step(actions_at(6, 5))
            np.testing.assert_array_equal(rewards[3:], [0.0, 0.0])
            self.assertNotIn(FAILURE_KEY, info)
            self.assertTrue(all(o in env.single_observation_space for o in obs))
            for t in range(7, 7 + MAX_STEPS):
                obs, rewards, term, trunc, info = env.step(actions_at(t, 5))
                self.assertTrue(np.isfinite(rewards).all())
            self.assertTrue(trunc[3:].all(), "the new actor's episodes do not run to the step limit")
        finally:
            servers = [p["server_pid"] for p in env.placement]
            env.close()
        for pid in servers:
            self.assertTrue(wait_gone(pid), "server %d still running after close()" % pid)

    def test_same_step_autoreset_matches_single_process(self):
        ref_env = RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=3, max_episode_steps=4, autoreset_mode="same-step")
        want = rollout(ref_env, 3, 10)
        ref_env.close()
        env = RayVectorEnv("EdgeLLM-v0", num_envs=3, num_actors=2, max_episode_steps=4, autoreset_mode="same-step", gym_bin=GYM_BIN)
        try:
            got = rollout(env, 3, 10)
        finally:
            env.close()
        self.assert_same(got, want)
        ends = [t for t in range(1, 11) if "final_obs" in got[t][4]]
        self.assertEqual(ends, [4, 8])
        for t in ends:
            for i in range(3):
                np.testing.assert_array_equal(got[t][4]["final_obs"][i], want[t][4]["final_obs"][i])

    def test_too_few_envs_is_refused(self):
        with self.assertRaisesRegex(ValueError, "num_envs .* must be >= num_actors"):
            RayVectorEnv("EdgeLLM-v0", num_envs=1, num_actors=2, gym_bin=GYM_BIN)


if __name__ == "__main__":
    unittest.main()
