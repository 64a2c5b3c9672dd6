"""SB3VecEnv against Stable-Baselines3's DummyVecEnv contract, written out here over single RemoteEnvs.

The reference steps one ``RemoteEnv`` per sub-env and does what SB3's ``DummyVecEnv`` does (``done =
terminated or truncated``, ``"TimeLimit.truncated"``, ``"terminal_observation"``, an unseeded reset at the
end of an episode); the adapter over ``RemoteVectorEnv`` (all three autoreset modes), gymnasium's
``SyncVectorEnv`` and ``RayVectorEnv`` must give the same trajectories. Needs ``EDGELLM_BRIDGE_URL``;
the Ray tests also need ray and ``EDGELLM_GYM_BIN``; the PPO test needs stable-baselines3 (each skipped,
saying which is missing, otherwise).
"""
import os
import unittest
import warnings

import numpy as np

from edgellm_bridge import RemoteEnv, RemoteVectorEnv
from edgellm_bridge.sb3 import HAS_SB3, SB3VecEnv, _VecEnvBase, env_infos

from tests_ray.actors import kill_actor

URL = os.environ.get("EDGELLM_BRIDGE_URL")
GYM_BIN = os.environ.get("EDGELLM_GYM_BIN")
try:
    import gymnasium
    from gymnasium.vector import SyncVectorEnv

    GYM = None if getattr(gymnasium, "STUB", False) else gymnasium.__version__
except ImportError:  # pragma: no cover - depends on the machine
    GYM = None
try:
    import ray

    from edgellm_bridge.ray import FAILURE_KEY, RayVectorEnv

    RAY_WHY = None
except ImportError as e:  # pragma: no cover - depends on the machine
    RAY_WHY = "ray is not installed (%s)" % e
if RAY_WHY is None and (URL is None or GYM_BIN is None):
    RAY_WHY = "EDGELLM_BRIDGE_URL or EDGELLM_GYM_BIN not set"

N = 3
# DDAMarket-v0 (Discrete(6) step sizes): sub-env 0 takes the largest steps, so its auctions end (terminated)
# within the step limit; sub-env 2 the smallest, so its episodes are cut by the limit (truncated).
MARKET = ("DDAMarket-v0", {}, 12)
# EdgeLLM-v0 with the Box action SB3 needs; its episodes only end by the step limit.
EDGE = ("EdgeLLM-v0", {"actionFormat": "box"}, 7)


def market_actions(t, n):
    return np.array([[5, (t * 5 + 2) % 6, 0][i % 3] for i in range(n)], dtype=np.int64)


def edge_actions(t, n):
    return np.array([[((t * 7 + p * 3 + i) % 21) / 10 - 1 for p in range(40)] for i in range(n)], dtype=np.float32)


def actions_for(env_id):
    return market_actions if env_id.startswith("DDAMarket") else edge_actions


def reference(env_id, config, max_steps, seed, steps):
    """SB3's DummyVecEnv semantics over one RemoteEnv per sub-env (written out, not the adapter)."""
    envs = [RemoteEnv(URL, env_id, config=config, max_episode_steps=max_steps) for _ in range(N)]
    try:
        obs = [envs[i].reset(seed=seed + i)[0] for i in range(N)]
        out = [(np.stack(obs), None, None, None)]
        act = actions_for(env_id)
        for t in range(steps):
            a = act(t, N)
            rewards, dones, infos = np.zeros(N, dtype=np.float32), np.zeros(N, dtype=bool), []
            for i, e in enumerate(envs):
                o, r, term, trunc, info = e.step(a[i])
                info = dict(info)
                rewards[i], dones[i] = r, term or trunc
                info["TimeLimit.truncated"] = trunc and not term
                if dones[i]:
                    info["terminal_observation"] = o
                    o, _ = e.reset()
                obs[i] = o
                infos.append(info)
            out.append((np.stack(obs), rewards, dones, infos))
        return out
    finally:
        for e in envs:
            e.close()


def through(adapter, env_id, seed, steps):
    adapter.seed(seed)
    out = [(adapter.reset(), None, None, None)]
    act = actions_for(env_id)
    for t in range(steps):
        out.append(adapter.step(act(t, adapter.num_envs)))
    return out


class SameTrajectories:
    """Assertions shared by the test classes."""

    def assert_same(self, got, want, check_infos=True):
        self.assertEqual(len(got), len(want))
        for t, (g, w) in enumerate(zip(got, want)):
            np.testing.assert_array_equal(g[0], w[0], "obs at step %d" % t)
            if t == 0:
                continue
            self.assertEqual(g[1].dtype, np.float32)
            np.testing.assert_array_equal(g[1], w[1], "rewards at step %d" % t)
            self.assertEqual(g[2].dtype, np.bool_)
            np.testing.assert_array_equal(g[2], w[2], "dones at step %d" % t)
            self.assertIsInstance(g[3], list)
            for i in range(N):
                gi, wi = g[3][i], w[3][i]
                self.assertIs(gi["TimeLimit.truncated"], wi["TimeLimit.truncated"], "TimeLimit.truncated of %d at step %d" % (i, t))
                self.assertEqual("terminal_observation" in gi, "terminal_observation" in wi, "step %d env %d" % (t, i))
                if "terminal_observation" in wi:
                    np.testing.assert_array_equal(gi["terminal_observation"], wi["terminal_observation"], "terminal obs %d at %d" % (i, t))
                if check_infos:
                    self.assertEqual(sorted(gi), sorted(wi), "info keys of %d at step %d" % (i, t))
                    for k, v in wi.items():
                        if isinstance(v, (int, float, bool, str)):
                            self.assertEqual(gi[k], v, "info %s of %d at step %d" % (k, i, t))

    def assert_both_endings(self, traj):
        ends = [(t, i, traj[t][3][i]["TimeLimit.truncated"]) for t in range(1, len(traj)) for i in range(N) if traj[t][2][i]]
        self.assertTrue(any(tl for _, _, tl in ends), "no episode was cut by the step limit: %s" % ends)
        self.assertTrue(any(not tl for _, _, tl in ends), "no episode terminated: %s" % ends)
        return ends


class ScriptedVectorEnv:
    """Two sub-envs with Box(2,) observations in next-step mode: step 1 ends sub-env 0 terminated AND truncated,
    sub-env 1 truncated only; observations count calls so each is recognisable."""

    num_envs = 2
    metadata = {"autoreset_mode": "next-step"}
    render_mode = None

    def __init__(self):
        from edgellm_bridge.spaces import Box

        self.single_observation_space = Box([-100, -100], [100, 100], (2,), np.float32)
        self.single_action_space = Box([-1], [1], (1,), np.float32)
        self.resets = []

    def reset(self, seed=None, options=None):
        self.resets.append((seed, None if options is None else np.asarray(options["reset_mask"]).tolist()))
        n = len(self.resets)
        return np.array([[n, 0], [n, 1]], dtype=np.float32), {"r": np.array([n, n]), "_r": np.array([True, True])}

    def step(self, actions):
        obs = np.array([[-1, 0], [-1, 1]], dtype=np.float32)
        info = {"x": np.array([0.5, 1.5]), "_x": np.array([False, True])}
        return obs, np.array([1.0, 2.0]), np.array([True, False]), np.array([True, True]), info

    def close(self):
        self.closed = True


class SB3VecEnvScriptedTest(unittest.TestCase):
    def test_terminated_and_truncated_together_is_not_a_time_limit(self):
        inner = ScriptedVectorEnv()
        adapter = SB3VecEnv(inner)
        adapter.seed(3)
        np.testing.assert_array_equal(adapter.reset(), [[1, 0], [1, 1]])
        obs, rewards, dones, infos = adapter.step(np.zeros((2, 1), dtype=np.float32))
        self.assertEqual(inner.resets, [([3, 4], None), (None, [True, True])])  # ended sub-envs reset unseeded
        np.testing.assert_array_equal(obs, [[2, 0], [2, 1]])
        np.testing.assert_array_equal(rewards, [1.0, 2.0])
        np.testing.assert_array_equal(dones, [True, True])
        self.assertIs(infos[0]["TimeLimit.truncated"], False)  # terminated: no bootstrapping
        self.assertIs(infos[1]["TimeLimit.truncated"], True)
        np.testing.assert_array_equal(infos[0]["terminal_observation"], [-1, 0])
        np.testing.assert_array_equal(infos[1]["terminal_observation"], [-1, 1])
        self.assertNotIn("x", infos[0])
        self.assertEqual(infos[1]["x"], 1.5)
        self.assertEqual(adapter.reset_infos, [{"r": 2}, {"r": 2}])
        adapter.close()
        self.assertTrue(inner.closed)

    def test_not_a_vector_env_is_refused(self):
        with self.assertRaisesRegex(ValueError, "has no num_envs.*DummyVecEnv"):
            SB3VecEnv(object())


@unittest.skipIf(URL is None, "EDGELLM_BRIDGE_URL not set")
class SB3VecEnvTest(unittest.TestCase, SameTrajectories):
    @classmethod
    def setUpClass(cls):
        cls.market = reference(*MARKET, seed=11, steps=30)
        cls.edge = reference(*EDGE, seed=4, steps=16)

    def test_reference_covers_terminated_and_truncated_episodes(self):
        ends = self.assert_both_endings(self.market)
        self.assertGreaterEqual(len(ends), 4)
        self.assertTrue(all(self.edge[t][2].all() == (t % 7 == 0) for t in range(1, 17)))

    def test_remote_vector_env_in_every_autoreset_mode_matches_dummy_vec_env(self):
        for mode in ("next-step", "same-step", "disabled"):
            for (env_id, config, max_steps), want, seed, steps in ((MARKET, self.market, 11, 30), (EDGE, self.edge, 4, 16)):
                with self.subTest(mode=mode, env=env_id):
                    venv = RemoteVectorEnv(URL, env_id, num_envs=N, config=config, max_episode_steps=max_steps, autoreset_mode=mode)
                    adapter = SB3VecEnv(venv)
                    try:
                        self.assertEqual(adapter.autoreset_mode, mode)
                        self.assertEqual(adapter.observation_space, venv.single_observation_space)
                        self.assertEqual(adapter.action_space, venv.single_action_space)
                        self.assert_same(through(adapter, env_id, seed, steps), want)
                    finally:
                        adapter.close()

    def test_same_step_output_is_the_vector_envs_own(self):
        # In same-step mode the wrapped env already returns the next episode's first observation: the adapter
        # passes its observations through and takes the final ones from info["final_obs"].
        raw = RemoteVectorEnv(URL, "DDAMarket-v0", num_envs=N, max_episode_steps=12, autoreset_mode="same-step")
        obs, _ = raw.reset(seed=[11, 12, 13])
        steps = [(obs, None, None, None)]
        for t in range(30):
            steps.append(raw.step(market_actions(t, N)))
        raw.close()
        adapter = SB3VecEnv(RemoteVectorEnv(URL, "DDAMarket-v0", num_envs=N, max_episode_steps=12, autoreset_mode="same-step"))
        got = through(adapter, "DDAMarket-v0", 11, 30)
        adapter.close()
        np.testing.assert_array_equal(got[0][0], steps[0][0])
        for t in range(1, 31):
            o, r, term, trunc, info = steps[t]
            np.testing.assert_array_equal(got[t][0], o)
            np.testing.assert_array_equal(got[t][1], r.astype(np.float32))
            np.testing.assert_array_equal(got[t][2], term | trunc)
            for i in range(N):
                if term[i] or trunc[i]:
                    np.testing.assert_array_equal(got[t][3][i]["terminal_observation"], info["final_obs"][i])
                    self.assertEqual(got[t][3][i]["round"], env_infos(info["final_info"], N)[i]["round"])

    @unittest.skipIf(GYM is None, "real gymnasium (>= 1.1) not installed")
    def test_gymnasium_sync_vector_env_of_remote_envs_matches(self):
        GYM_MODES = {"next-step": gymnasium.vector.AutoresetMode.NEXT_STEP, "same-step": gymnasium.vector.AutoresetMode.SAME_STEP,
                     "disabled": gymnasium.vector.AutoresetMode.DISABLED}
        for mode in ("next-step", "same-step", "disabled"):
            with self.subTest(mode=mode):
                venv = SyncVectorEnv(
                    [lambda: RemoteEnv(URL, "DDAMarket-v0", max_episode_steps=12) for _ in range(N)],
                    autoreset_mode=GYM_MODES[mode],
                )
                adapter = SB3VecEnv(venv)
                try:
                    self.assertEqual(adapter.autoreset_mode, mode)
                    self.assertEqual(adapter.env_is_wrapped(RemoteEnv), [True] * N)
                    # gymnasium types per-env info numbers after the first sub-env's (cutting fractions), so
                    # only observations, rewards, dones, terminal observations and truncation flags compare.
                    self.assert_same(through(adapter, "DDAMarket-v0", 11, 30), self.market, check_infos=False)
                finally:
                    adapter.close()

    @unittest.skipIf(GYM is None, "real gymnasium (>= 1.1) not installed")
    def test_episode_statistics_of_gymnasiums_vector_wrapper_reach_each_info(self):
        from gymnasium.wrappers.vector import RecordEpisodeStatistics

        venv = RecordEpisodeStatistics(RemoteVectorEnv(URL, "DDAMarket-v0", num_envs=N, max_episode_steps=12))
        adapter = SB3VecEnv(venv)
        try:
            got = through(adapter, "DDAMarket-v0", 11, 30)
        finally:
            adapter.close()
        self.assert_same(got, self.market, check_infos=False)
        returns, lengths, episodes = np.zeros(N), np.zeros(N, dtype=int), 0
        for t in range(1, 31):
            returns += self.market[t][1]
            lengths += 1
            for i in range(N):
                self.assertEqual("episode" in got[t][3][i], bool(self.market[t][2][i]), "step %d env %d" % (t, i))
                if self.market[t][2][i]:
                    self.assertAlmostEqual(got[t][3][i]["episode"]["r"], returns[i], places=5)
                    self.assertEqual(got[t][3][i]["episode"]["l"], lengths[i])
                    returns[i], lengths[i], episodes = 0, 0, episodes + 1
        self.assertGreaterEqual(episodes, 4)

    def test_seed_applies_to_the_next_reset_only(self):
        adapter = SB3VecEnv(RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=N, config={"actionFormat": "box"}))
        try:
            self.assertEqual(adapter.seed(4), [4, 5, 6])
            first = adapter.reset()
            np.testing.assert_array_equal(first, self.edge[0][0])
            self.assertEqual(len(adapter.reset_infos), N)
            self.assertTrue(all("requests" in info for info in adapter.reset_infos), adapter.reset_infos[0].keys())
            unseeded = adapter.reset()  # the generators go on: new markets
            self.assertFalse(np.array_equal(unseeded, first))
            adapter.seed(4)
            np.testing.assert_array_equal(adapter.reset(), first)
            self.assertEqual(len(adapter.seed()), N)  # a random base
        finally:
            adapter.close()

    def test_dict_action_space_is_refused_with_the_fix(self):
        venv = RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=2)
        try:
            with self.assertRaisesRegex(ValueError, r"action space of EdgeLLM-v0 is Dict.*actionFormat.*box"):
                SB3VecEnv(venv)
        finally:
            venv.close()

    def test_attributes_methods_and_render(self):
        venv = RemoteVectorEnv(URL, "DDAMarket-v0", num_envs=N, config={"renderMode": "ansi"})
        adapter = SB3VecEnv(venv)
        try:
            self.assertEqual(adapter.render_mode, "ansi")
            self.assertEqual(adapter.metadata["render_modes"], ["ansi"])
            self.assertEqual(adapter.get_attr("render_mode"), ["ansi"] * N)
            self.assertEqual(adapter.get_attr("action_space", indices=[2]), [venv.single_action_space])
            self.assertEqual(adapter.get_attr("observation_space", indices=1), [venv.single_observation_space])
            with self.assertRaisesRegex(AttributeError, "cannot be set remotely"):
                adapter.set_attr("render_mode", None)
            self.assertEqual(adapter.env_is_wrapped(RemoteEnv), [False] * N)
            adapter.reset()
            frames = adapter.env_method("render")
            self.assertEqual(len(frames), N)
            self.assertTrue(all(isinstance(f, str) and f for f in frames), frames)
            self.assertEqual(adapter.env_method("render", indices=[1]), [frames[1]])
            self.assertEqual(adapter.render(), frames)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                self.assertEqual(adapter.get_images(), [None] * N)
            self.assertTrue(any("rgb_array" in str(w.message) for w in caught))
            with self.assertRaises(AttributeError):
                adapter.env_method("close")
            with self.assertRaisesRegex(RuntimeError, "step_async"):
                adapter.step_wait()
        finally:
            adapter.close()
            adapter.close()

    def test_base_class(self):
        if HAS_SB3:
            from stable_baselines3.common.vec_env import VecEnv

            self.assertTrue(issubclass(SB3VecEnv, VecEnv))
        else:
            self.assertIs(SB3VecEnv.__mro__[1], _VecEnvBase)

    @unittest.skipUnless(HAS_SB3, "stable_baselines3 is not installed (pip install stable-baselines3): no PPO run through SB3VecEnv")
    def test_sb3_ppo_learns_through_the_adapter(self):  # pragma: no cover - needs stable-baselines3
        from stable_baselines3 import PPO

        adapter = SB3VecEnv(RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=2, config={"actionFormat": "box"}, max_episode_steps=50))
        try:
            model = PPO("MlpPolicy", adapter, n_steps=64, batch_size=64, n_epochs=2, seed=0, device="cpu")
            model.learn(256)
            self.assertGreaterEqual(model.num_timesteps, 256)
            action, _ = model.predict(adapter.reset(), deterministic=True)
            self.assertEqual(action.shape, (2, 40))
        finally:
            adapter.close()


@unittest.skipIf(RAY_WHY is not None, RAY_WHY or "")
class SB3VecEnvOnRayTest(unittest.TestCase, SameTrajectories):
    @classmethod
    def setUpClass(cls):
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)

    @classmethod
    def tearDownClass(cls):
        ray.shutdown()

    def test_ray_vector_env_matches_dummy_vec_env(self):
        want = reference(*MARKET, seed=11, steps=30)
        for mode in ("next-step", "same-step"):
            with self.subTest(mode=mode):
                adapter = SB3VecEnv(RayVectorEnv("DDAMarket-v0", num_envs=N, num_actors=2, max_episode_steps=12, autoreset_mode=mode, gym_bin=GYM_BIN))
                try:
                    self.assert_same(through(adapter, "DDAMarket-v0", 11, 30), want)
                finally:
                    adapter.close()

    def test_a_failed_actor_ends_its_episodes_truncated_and_restarts_reproducibly(self):
        env_id, config, max_steps = EDGE
        want = reference(env_id, config, max_steps, seed=4, steps=16)
        env = RayVectorEnv(env_id, num_envs=N, num_actors=2, config=config, max_episode_steps=max_steps, gym_bin=GYM_BIN)
        adapter = SB3VecEnv(env)
        try:
            got = through(adapter, env_id, 4, 16)
            self.assert_same(got, want)
            # Kill actor 1 (sub-env 2) mid-episode: its episode ends truncated with the reason; the observation
            # returned is the new actor's first one, seeded from the last reset seed and the restart count.
            last = got[-1][0][2].copy()
            kill_actor(env.actors[1])
            with warnings.catch_warnings(record=True):
                warnings.simplefilter("always")
                obs, rewards, dones, infos = adapter.step(edge_actions(16, N))
            np.testing.assert_array_equal(dones, [False, False, True])
            self.assertIn("Ray actor 1", infos[2][FAILURE_KEY])
            self.assertIs(infos[2]["TimeLimit.truncated"], True)
            self.assertEqual(rewards[2], 0.0)
            np.testing.assert_array_equal(infos[2]["terminal_observation"], last)
            self.assertEqual(env.restarts, [0, 1])
            fresh = RemoteEnv(URL, env_id, config=config, max_episode_steps=max_steps)
            try:
                expected, _ = fresh.reset(seed=env._restart_seeds(1)[0])
                np.testing.assert_array_equal(obs[2], expected)
                # The new episode runs as a fresh env with that seed, to the step limit.
                for t in range(17, 17 + max_steps):
                    obs, rewards, dones, infos = adapter.step(edge_actions(t, N))
                    self.assertNotIn(FAILURE_KEY, infos[2])
                    expected, expected_reward, _, _, _ = fresh.step(edge_actions(t, N)[2])
                    np.testing.assert_array_equal(infos[2].get("terminal_observation", obs[2]), expected, "step %d" % t)
                    self.assertEqual(rewards[2], np.float32(expected_reward), "step %d" % t)
                self.assertTrue(dones[2], "the new episode did not end at the step limit")
            finally:
                fresh.close()
        finally:
            adapter.close()


if __name__ == "__main__":
    unittest.main()
