"""The client imports and builds its spaces when gymnasium is not installed (the plain-class path)."""
import subprocess
import sys
import unittest

# A child interpreter in which every ``import gymnasium...`` fails, as on a machine without it.
_PROBE = """
import builtins, sys
_real = builtins.__import__
def _no_gymnasium(name, *args, **kwargs):
    if name == 'gymnasium' or name.startswith('gymnasium.'):
        raise ImportError('No module named ' + repr(name))
    return _real(name, *args, **kwargs)
builtins.__import__ = _no_gymnasium
import edgellm_bridge
from edgellm_bridge.env import RemoteEnv, RemoteVectorEnv, autoreset_mode_of
assert 'gymnasium' not in sys.modules
assert RemoteEnv.__mro__[1].__name__ == '_EnvBase', RemoteEnv.__mro__
assert RemoteVectorEnv.__mro__[1].__name__ == '_VectorBase', RemoteVectorEnv.__mro__
assert autoreset_mode_of('next-step') == 'next-step'
print('ok')
"""


class WithoutGymnasiumTest(unittest.TestCase):
    def test_import_without_gymnasium(self):
        done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.strip(), "ok")


if __name__ == "__main__":
    unittest.main()
