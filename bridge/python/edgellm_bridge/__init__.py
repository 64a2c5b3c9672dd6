"""Python client of the edgellm-gym remote training bridge.

Example::

    from edgellm_bridge import RemoteEnv
    env = RemoteEnv("ws://127.0.0.1:8765", "EdgeLLM-v0")
    obs, info = env.reset(seed=42)
    obs, reward, terminated, truncated, info = env.step(env.action_space.sample())

Parallel (multi-agent) envs: ``from edgellm_bridge import RemoteParallelEnv`` (a ``pettingzoo.ParallelEnv``
when pettingzoo is installed).
"""
from .connection import PROTOCOL_VERSION, Connection
from .env import RemoteEnv, RemoteVectorEnv
from .errors import BridgeError, BridgeWarning
from .evaluate import evaluate
from .spaces import HAS_GYMNASIUM, space_from_json

__all__ = [
    "__version__",
    "PROTOCOL_VERSION",
    "Connection",
    "RemoteEnv",
    "RemoteVectorEnv",
    "BridgeError",
    "BridgeWarning",
    "evaluate",
    "HAS_GYMNASIUM",
    "space_from_json",
    "RemoteParallelEnv",
]
from ._version import __version__


def __getattr__(name):
    # The parallel client imports pettingzoo when it is installed: loaded on first use only.
    if name in ("RemoteParallelEnv", "HAS_PETTINGZOO"):
        from . import parallel

        return getattr(parallel, name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
