"""The clients against the real gymnasium (>= 1.1): its environment checker, its passive checker wrapper,
its vector wrappers, and its ``SyncVectorEnv`` as the reference for vector infos. Skipped (saying so)
when gymnasium is not installed.
"""
import math
import os
import unittest
import warnings

import numpy as np

from edgellm_bridge import BridgeError, RemoteEnv, RemoteVectorEnv

URL = os.environ.get("EDGELLM_BRIDGE_URL")

try:
    import gymnasium
    from gymnasium.utils.env_checker import check_env
    from gymnasium.vector import AutoresetMode, SyncVectorEnv
    from gymnasium.wrappers import PassiveEnvChecker
    from gymnasium.wrappers.vector import FlattenObservation, NormalizeObservation, RecordEpisodeStatistics

    GYM = None if getattr(gymnasium, "STUB", False) else gymnasium.__version__
except ImportError as e:  # pragma: no cover - depends on the machine
    GYM = None
    WHY = str(e)

SKIP = "EDGELLM_BRIDGE_URL not set" if URL is None else "real gymnasium (>= 1.1) not installed"


def action_batch(n, t=0):
    cache = np.array([[(t + i + p) % 3 == 0 for p in range(20)] for i in range(n)], dtype=np.int8)
    local = np.array([[((t * 7 + p + i) % 11) / 10 for p in range(20)] for i in range(n)], dtype=np.float32)
    return {"cache": cache, "local": local}


@unittest.skipIf(URL is None or GYM is None, SKIP)
class RealGymnasiumTest(unittest.TestCase):
    def test_check_env_passes(self):
        env = RemoteEnv(URL, "EdgeLLM-v0")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            check_env(env, skip_render_check=True)
        self.assertEqual([str(w.message) for w in caught if "bridge" in str(w.message).lower()], [])
        env.close()

    def test_passive_env_checker_wraps_a_remote_env(self):
        env = PassiveEnvChecker(RemoteEnv(URL, "EdgeLLM-v0", max_episode_steps=3))
        obs, info = env.reset(seed=1)
        self.assertIn(obs, env.observation_space)
        for t in range(3):
            obs, r, term, trunc, info = env.step(env.action_space.sample())
            self.assertIsInstance(r, float)
        self.assertTrue(trunc)
        env.close()

    def test_vector_metadata_has_gymnasium_autoreset_mode(self):
        for name, mode in (("next-step", AutoresetMode.NEXT_STEP), ("same-step", AutoresetMode.SAME_STEP), ("disabled", AutoresetMode.DISABLED)):
            venv = RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=2, autoreset_mode=name)
            self.assertIs(venv.metadata["autoreset_mode"], mode)
            venv.close()

    def test_vector_wrappers(self):
        venv = RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=2, config={"horizon": 4})
        env = RecordEpisodeStatistics(NormalizeObservation(FlattenObservation(venv)))
        obs, info = env.reset(seed=5)
        self.assertEqual(obs.shape, (2, 81))
        episodes = 0
        for t in range(9):
            obs, r, term, trunc, info = env.step(action_batch(2, t))
            if "episode" in info:
                episodes += int(info["_episode"].sum())
                self.assertEqual(info["episode"]["l"].dtype, np.int64)
        self.assertEqual(episodes, 4)
        self.assertTrue(np.isfinite(obs).all())
        env.close()

    def test_vector_infos_match_sync_vector_env(self):
        n = 2
        venv = RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=n)
        ref = SyncVectorEnv([lambda: RemoteEnv(URL, "EdgeLLM-v0") for _ in range(n)])
        _, i1 = venv.reset(seed=9)
        _, i2 = ref.reset(seed=9)
        a = action_batch(n, 1)
        _, _, _, _, i1 = venv.step(a)
        _, _, _, _, i2 = ref.step(a)

        def compare(x, y, path):
            self.assertEqual(sorted(x), sorted(y), path)
            for k in x:
                if isinstance(x[k], dict):
                    compare(x[k], y[k], path + "." + k)
                    continue
                self.assertEqual(np.asarray(x[k]).dtype, np.asarray(y[k]).dtype, path + "." + k)
                self.assertEqual(np.asarray(x[k]).shape, np.asarray(y[k]).shape, path + "." + k)
                np.testing.assert_array_equal(x[k], y[k], err_msg=path + "." + k)

        compare(i1, i2, "info")
        self.assertEqual(i1["slot"].dtype, np.int64)
        self.assertEqual(i1["applied"]["cache"].shape, (2, 20))
        venv.close()
        ref.close()

    def test_actions_are_shape_checked(self):
        env = RemoteEnv(URL, "EdgeLLM-v0")
        env.reset(seed=1)
        bad = {"cache": np.zeros(20, np.int8), "local": np.full((2, 10), 0.5, np.float32)}
        with self.assertRaises(BridgeError) as cm:
            env.step(bad)
        self.assertEqual(cm.exception.code, "invalid_action")
        self.assertIn("shape (2, 10)", str(cm.exception))
        env.close()

    def test_reset_needed_after_time_limit_truncation(self):
        env = RemoteEnv(URL, "EdgeLLM-v0", max_episode_steps=1)
        env.reset(seed=1)
        self.assertTrue(env.step(env.action_space.sample())[3])
        with self.assertRaises(BridgeError) as cm:
            env.step(env.action_space.sample())
        self.assertEqual(cm.exception.code, "reset_needed")
        env.close()

    def test_nan_reads_as_nan_in_errors(self):
        env = RemoteEnv(URL, "EdgeLLM-v0")
        env.reset(seed=1)
        with self.assertRaises(BridgeError) as cm:
            env.step({"cache": np.zeros(20, np.int8), "local": np.full(20, math.nan, np.float32)})
        self.assertIn("NaN", str(cm.exception))
        self.assertNotIn("null", str(cm.exception))
        env.close()
        with self.assertRaises(BridgeError) as cm:
            RemoteEnv(URL, "EdgeLLM-v0", config={"slotSeconds": math.nan})
        self.assertIn("got NaN", str(cm.exception))

    def test_render_call_get_attr_set_attr(self):
        venv = RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=2, config={"renderMode": "ansi"})
        venv.reset(seed=1)
        frames = venv.render()
        self.assertEqual(len(frames), 2)
        self.assertTrue(all(isinstance(f, str) for f in frames))
        self.assertEqual(venv.call("render"), frames)
        self.assertEqual(venv.get_attr("render_mode"), ("ansi", "ansi"))
        self.assertEqual(venv.get_attr("action_space"), (venv.single_action_space,) * 2)
        with self.assertRaises(AttributeError):
            venv.get_attr("secret")
        with self.assertRaises(ValueError):
            venv.set_attr("x", [1, 2, 3])
        with self.assertRaises(AttributeError):
            venv.set_attr("x", 1)
        venv.close()


if __name__ == "__main__":
    unittest.main()
