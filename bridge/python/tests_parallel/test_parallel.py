"""RemoteParallelEnv against a live server: PettingZoo's ``parallel_api_test``, an episode equal to the
in-process one, bad actions refused without a state change, and the plain-class path without pettingzoo.

Needs ``EDGELLM_BRIDGE_URL`` (a server on which the parallel env ``test/Pair-v0`` is registered) and
``EDGELLM_BRIDGE_EXPECTED`` (the in-process episode, written by test/bridge/python-parallel.test.ts).
"""
import json
import os
import subprocess
import sys
import unittest
import warnings

import numpy as np

from edgellm_bridge import BridgeError, RemoteParallelEnv
from edgellm_bridge.parallel import HAS_PETTINGZOO

URL = os.environ.get("EDGELLM_BRIDGE_URL")
EXPECTED = os.environ.get("EDGELLM_BRIDGE_EXPECTED")
PAIR = "test/Pair-v0"
MULTI = "EdgeLLMMulti-v0"
IGNORED_OPTION = "EdgeLLMMultiEnv.reset ignores the option 'options'; it reads only 'split' ('train' or 'eval'), for trace workloads."


def _hex(a):
    return np.ascontiguousarray(a, dtype=np.float32).tobytes().hex()


def _action(agent, a):
    return int(a) if agent == "scout" else np.array(a, dtype=np.float32)


def _api_test(env, cycles):
    """Runs pettingzoo's parallel_api_test; returns the warnings it raised."""
    from pettingzoo.test import parallel_api_test

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parallel_api_test(env, num_cycles=cycles)
    return [str(w.message) for w in caught]


@unittest.skipIf(URL is None or EXPECTED is None, "EDGELLM_BRIDGE_URL or EDGELLM_BRIDGE_EXPECTED not set")
class RemoteParallelEnvTest(unittest.TestCase):
    def setUp(self):
        with open(EXPECTED) as f:
            self.expected = json.load(f)
        self.env = RemoteParallelEnv(URL, PAIR)

    def tearDown(self):
        self.env.close()

    def test_agents_and_spaces(self):
        env = self.env
        self.assertEqual(env.possible_agents, ["scout", "carrier"])
        self.assertEqual(env.agents, [])
        self.assertIs(env.observation_space("carrier"), env.observation_space("carrier"))
        self.assertIs(env.action_space("scout"), env.action_space("scout"))
        self.assertEqual(env.observation_space("carrier").shape, (2, 2))
        self.assertEqual(env.observation_space("carrier").dtype, np.float32)
        self.assertEqual(env.action_space("scout").n, 3)
        self.assertEqual(env.action_space("carrier").shape, (2,))
        self.assertEqual(env.max_num_agents, 2)
        self.assertEqual(env.remote_spec["id"], PAIR)
        with self.assertRaisesRegex(KeyError, "not an agent of test/Pair-v0"):
            env.action_space("pilot")
        if HAS_PETTINGZOO:
            import gymnasium
            import pettingzoo

            self.assertIsInstance(env, pettingzoo.ParallelEnv)
            self.assertIsInstance(env.action_space("carrier"), gymnasium.spaces.Box)

    @unittest.skipUnless(HAS_PETTINGZOO, "pettingzoo is not installed")
    def test_parallel_api_test(self):
        self.assertEqual(_api_test(self.env, 1000), [])

    def test_episode_equals_in_process(self):
        env, exp = self.env, self.expected
        obs, infos = env.reset(seed=exp["seed"])
        self.assertEqual({a: _hex(o) for a, o in obs.items()}, exp["resetObs"])
        self.assertEqual(infos, exp["resetInfos"])
        self.assertEqual(env.agents, ["scout", "carrier"])
        for t, step in enumerate(exp["steps"]):
            actions = {a: _action(a, v) for a, v in step["actions"].items()}
            obs, rewards, terms, truncs, infos = env.step(actions)
            self.assertEqual({a: _hex(o) for a, o in obs.items()}, step["obs"], "obs at step %d" % t)
            self.assertEqual(obs.get("carrier", np.zeros((2, 2))).shape, (2, 2))
            self.assertEqual(rewards, step["rewards"], "rewards at step %d" % t)
            self.assertEqual(terms, step["terminations"])
            self.assertEqual(truncs, step["truncations"])
            self.assertEqual(infos, step["infos"])
            self.assertEqual(env.agents, step["agents"])
        self.assertEqual(env.agents, [])
        with self.assertRaises(BridgeError) as caught:
            env.step({"scout": 0})
        self.assertEqual(caught.exception.code, "reset_needed")

    def test_bad_actions_change_nothing(self):
        env, exp = self.env, self.expected
        env.reset(seed=exp["seed"])
        first = exp["steps"][0]
        good = {a: _action(a, v) for a, v in first["actions"].items()}
        bad = [
            ({"scout": good["scout"]}, "request.actions.carrier", "no action for live agent"),
            (dict(good, pilot=1), "request.actions.pilot", "not an agent of this env"),
            (dict(good, scout=7), "request.actions.scout", "scout"),
            (dict(good, carrier=np.array([0.0, 3.0], dtype=np.float32)), "request.actions.carrier", "never clipped"),
            (dict(good, carrier=np.zeros(3, dtype=np.float32)), "request.actions.carrier", "carrier"),
        ]
        for actions, field, message in bad:
            with self.assertRaises(BridgeError) as caught:
                env.step(actions)
            self.assertEqual(caught.exception.code, "invalid_action")
            self.assertEqual(caught.exception.field, field)
            self.assertIn(message, str(caught.exception))
        _, rewards, _, _, _ = env.step(good)
        self.assertEqual(rewards, first["rewards"])

    def test_render_and_empty_infos(self):
        env = RemoteParallelEnv(URL, PAIR, infos=False, connection=self.env.conn)
        try:
            _, infos = env.reset(seed=1)
            self.assertEqual(infos, {"scout": {}, "carrier": {}})
            self.assertEqual(env.render(), "t=0 live=scout,carrier")
            _, _, _, _, infos = env.step({"scout": 1, "carrier": np.zeros(2, dtype=np.float32)})
            self.assertEqual(infos, {"scout": {}, "carrier": {}})
            self.assertEqual(env.render(), "t=1 live=scout,carrier")
        finally:
            env.close()
        self.assertFalse(self.env.conn.closed, "closing an env on a shared connection keeps the connection")

    @unittest.skipUnless(HAS_PETTINGZOO, "pettingzoo is not installed")
    def test_edgellm_multi(self):
        # parallel_api_test against every registered multi-edge scenario of the server.
        listed = [e["id"] for e in self.env.conn.hello.get("parallelEnvs", [])]
        if MULTI not in listed:
            self.skipTest("%s is not registered on this server" % MULTI)
        for env_id in [i for i in listed if i.startswith("EdgeLLMMulti")]:
            with self.subTest(env=env_id):
                env = RemoteParallelEnv(URL, env_id, connection=self.env.conn)
                try:
                    # parallel_api_test also resets with the made-up option {"options": 1}; the env says it
                    # ignores it (the server's warning, re-emitted by the client): nothing else may warn
                    self.assertEqual(set(_api_test(env, 120)), {IGNORED_OPTION})
                finally:
                    env.close()


# A child interpreter in which every ``import pettingzoo...`` fails, as on a machine without it.
_PROBE = """
import builtins, sys
_real = builtins.__import__
def _no_pettingzoo(name, *args, **kwargs):
    if name == 'pettingzoo' or name.startswith('pettingzoo.'):
        raise ImportError('No module named ' + repr(name))
    return _real(name, *args, **kwargs)
builtins.__import__ = _no_pettingzoo
from edgellm_bridge import HAS_PETTINGZOO, RemoteParallelEnv
assert not HAS_PETTINGZOO
assert 'pettingzoo' not in sys.modules
assert RemoteParallelEnv.__mro__[1].__name__ == '_ParallelBase', RemoteParallelEnv.__mro__
with RemoteParallelEnv(sys.argv[1], 'test/Pair-v0') as env:
    obs, infos = env.reset(seed=3)
    steps = 0
    while env.agents:
        env.step({a: env.action_space(a).sample() for a in env.agents})
        steps += 1
    assert steps == 6 and env.num_agents == 0 and env.max_num_agents == 2 and str(env) == 'pair'
print('ok')
"""


@unittest.skipIf(URL is None, "EDGELLM_BRIDGE_URL not set")
class WithoutPettingZooTest(unittest.TestCase):
    def test_example_runs(self):
        example = os.path.join(os.path.dirname(__file__), "..", "examples", "parallel_random.py")
        done = subprocess.run([sys.executable, example, URL, PAIR], capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = done.stdout.strip().splitlines()
        self.assertEqual(len(lines), 2, done.stdout)
        self.assertRegex(lines[0], r"^episode 0: 6 steps, returns scout -?\d+\.\d{3}, carrier -?\d+\.\d{3}$")

    def test_plain_class_without_pettingzoo(self):
        done = subprocess.run([sys.executable, "-c", _PROBE, URL], capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.strip(), "ok")


if __name__ == "__main__":
    unittest.main()
