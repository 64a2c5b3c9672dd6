"""The gymnasium code path, exercised with a minimal stand-in ``gymnasium`` package when the real one is
not installed (the stand-in mirrors the constructor signatures of gymnasium 1.x that the client uses).
With gymnasium installed, the real package is used instead.
"""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

URL = os.environ.get("EDGELLM_BRIDGE_URL")
PKG = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

STUB = {
    "gymnasium/__init__.py": """
        from . import spaces, vector
        STUB = True
        class Env:
            metadata = {"render_modes": []}
            render_mode = None
            spec = None
            def reset(self, *, seed=None, options=None):
                self.seeded_with = seed
    """,
    "gymnasium/vector.py": """
        class VectorEnv:
            metadata = {}
    """,
    "gymnasium/spaces.py": """
        import numpy as np
        class Space:
            pass
        class Box(Space):
            def __init__(self, low, high, shape=None, dtype=np.float32, seed=None):
                self.low, self.high, self.shape, self.dtype = np.asarray(low), np.asarray(high), tuple(shape), np.dtype(dtype)
                assert self.low.shape == self.shape and self.low.dtype == self.dtype
            def sample(self):
                return np.clip(np.zeros(self.shape, self.dtype), self.low, self.high)
        class Discrete(Space):
            def __init__(self, n, seed=None, start=0):
                self.n, self.start = n, start
        class MultiDiscrete(Space):
            def __init__(self, nvec, dtype=np.int64, seed=None, start=None):
                self.nvec = np.asarray(nvec)
        class MultiBinary(Space):
            def __init__(self, n, seed=None):
                self.n = n
            def sample(self):
                return np.zeros(self.n, np.int8)
        class Dict(Space):
            def __init__(self, spaces=None, seed=None):
                self.spaces = dict(spaces)
            def __getitem__(self, k):
                return self.spaces[k]
            def sample(self):
                return {k: s.sample() for k, s in self.spaces.items()}
        class Tuple(Space):
            def __init__(self, spaces, seed=None):
                self.spaces = tuple(spaces)
    """,
}

CHECK = """
import sys, numpy as np, gymnasium
from edgellm_bridge import RemoteEnv, RemoteVectorEnv, HAS_GYMNASIUM
assert HAS_GYMNASIUM
env = RemoteEnv(sys.argv[1], "EdgeLLM-v0")
assert isinstance(env, gymnasium.Env)
assert isinstance(env.observation_space, gymnasium.spaces.Box), type(env.observation_space)
assert isinstance(env.action_space, gymnasium.spaces.Dict)
assert env.action_space["local"].dtype == np.float32
obs, info = env.reset(seed=3)
if getattr(gymnasium, "STUB", False):
    assert env.seeded_with == 3
obs, r, te, tr, info = env.step(env.action_space.sample())
assert obs.shape == (81,) and isinstance(r, float)
env.close()
venv = RemoteVectorEnv(sys.argv[1], "EdgeLLM-v0", num_envs=2)
assert isinstance(venv, gymnasium.vector.VectorEnv)
assert venv.observation_space.shape == (2, 81)
venv.close()
print("ok")
"""


@unittest.skipIf(URL is None, "EDGELLM_BRIDGE_URL not set")
class GymnasiumPathTest(unittest.TestCase):
    def test_remote_env_is_a_gymnasium_env(self):
        with tempfile.TemporaryDirectory() as tmp:
            try:
                import gymnasium  # noqa: F401
                path = PKG
            except ImportError:
                for name, text in STUB.items():
                    os.makedirs(os.path.join(tmp, os.path.dirname(name)), exist_ok=True)
                    with open(os.path.join(tmp, name), "w") as f:
                        f.write(textwrap.dedent(text))
                path = tmp + os.pathsep + PKG
            env = dict(os.environ, PYTHONPATH=path, PYTHONDONTWRITEBYTECODE="1")
            out = subprocess.run([sys.executable, "-c", CHECK, URL], env=env, capture_output=True, text=True, timeout=60)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertEqual(out.stdout.strip(), "ok")
