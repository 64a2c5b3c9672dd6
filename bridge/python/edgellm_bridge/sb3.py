"""Stable-Baselines3's ``VecEnv`` API over a gymnasium ``VectorEnv`` of this package.

:class:`SB3VecEnv` adapts :class:`~edgellm_bridge.RemoteVectorEnv` or
:class:`~edgellm_bridge.ray.RayVectorEnv` (or any gymnasium ``VectorEnv``, e.g. one wrapped in gymnasium's
vector wrappers) to the interface Stable-Baselines3's algorithms step::

    from stable_baselines3 import PPO
    from edgellm_bridge import RemoteVectorEnv
    from edgellm_bridge.sb3 import SB3VecEnv

    venv = SB3VecEnv(RemoteVectorEnv(url, "EdgeLLM-v0", num_envs=8, config={"actionFormat": "box"}))
    PPO("MlpPolicy", venv, seed=0).learn(100_000)

It subclasses ``stable_baselines3.common.vec_env.VecEnv`` when stable-baselines3 imports, else a small base
class with the same methods (so it can be used and tested without it).

What it returns is what SB3's own ``DummyVecEnv`` returns for the same sub-envs:

* ``reset()`` returns the observations only; the reset infos are kept in ``reset_infos`` (one dict per
  sub-env). Seeds given to :meth:`seed` (sub-env ``i`` gets ``seed + i``) and options given to
  ``set_options`` apply to the next ``reset()`` only.
* ``step_wait()`` returns ``(obs, rewards, dones, infos)``: ``rewards`` float32, ``dones = terminated |
  truncated``, ``infos`` a list of one dict per sub-env (gymnasium's ``{key, _key}`` vector infos taken
  apart, nested dicts included). Every info has ``"TimeLimit.truncated"`` (``truncated and not
  terminated``); when a sub-env's episode ended, its info is the info of that last step with
  ``"terminal_observation"`` (the episode's final observation), the returned observation is already the
  first one of its next episode, and that episode's reset info is in ``reset_infos[i]``. Numbers in the
  infos of ``RemoteVectorEnv`` and ``RayVectorEnv`` are exact (the adapter sets their
  ``gymnasium_info_types`` to ``False``; gymnasium's own typing would cut fractions to integers when the
  first sub-env's number is integral).

The wrapped env's autoreset mode (``metadata["autoreset_mode"]``) is converted: with ``same-step`` the
final observations and infos come from ``info["final_obs"]``/``info["final_info"]`` (so the env must send
infos); with ``next-step`` and ``disabled`` the ended sub-envs are reset at once with
``reset(options={"reset_mask": dones})`` (no seed: their generators continue, as in an autoreset), so the
wrapped env never sees the extra autoreset step of ``next-step``. An episode cut short by a failed Ray actor
arrives as a truncation with the ``"actor_failure"`` info key.

Spaces: ``observation_space`` and ``action_space`` are those of ONE sub-env. SB3's algorithms accept
``Box``, ``Discrete``, ``MultiDiscrete`` and ``MultiBinary`` actions; EdgeLLM's native ``Dict`` action is
refused with the fix (make the env with ``config={"actionFormat": "box"}``).
"""
import warnings

import numpy as np

try:  # pragma: no cover - depends on the machine
    from stable_baselines3.common.vec_env import VecEnv as _SB3VecEnv

    HAS_SB3 = True
except ImportError:  # pragma: no cover
    _SB3VecEnv = None
    HAS_SB3 = False

#: Action spaces Stable-Baselines3's algorithms accept (by class name, so the stand-in spaces are checked too).
SB3_ACTION_SPACES = ("Box", "Discrete", "MultiDiscrete", "MultiBinary")
#: Observation spaces its policies accept (``Dict`` of these, not nested).
SB3_OBSERVATION_SPACES = ("Box", "Discrete", "MultiDiscrete", "MultiBinary")

_FINAL_KEYS = ("final_obs", "_final_obs", "final_info", "_final_info")


class _VecEnvBase:
    """Stand-in for ``stable_baselines3.common.vec_env.VecEnv`` when stable-baselines3 is not installed:
    the same constructor and the concrete methods the adapter does not define itself."""

    def __init__(self, num_envs, observation_space, action_space):
        self.num_envs = num_envs
        self.observation_space = observation_space
        self.action_space = action_space
        self.reset_infos = [{} for _ in range(num_envs)]

    def step(self, actions):
        """``step_async(actions)`` then ``step_wait()``."""
        self.step_async(actions)
        return self.step_wait()

    @property
    def unwrapped(self):
        return self

    def getattr_depth_check(self, name, already_found):
        if hasattr(self, name) and already_found:
            return "%s.%s" % (type(self).__module__, type(self).__name__)
        return None

    def _get_indices(self, indices):
        if indices is None:
            return range(self.num_envs)
        if isinstance(indices, (int, np.integer)):
            return [int(indices)]
        return indices


_Base = _SB3VecEnv if _SB3VecEnv is not None else _VecEnvBase


def _mode_name(mode):
    """``"next-step"``, ``"same-step"`` or ``"disabled"`` from gymnasium's ``AutoresetMode`` or a name."""
    value = getattr(mode, "value", mode)
    names = {"NextStep": "next-step", "SameStep": "same-step", "Disabled": "disabled"}
    return names.get(value, value) if value is not None else "next-step"


def _space_name(space):
    return type(space).__name__


def check_sb3_spaces(observation_space, action_space, env_id=None):
    """Raises ``ValueError`` (saying how to fix it) when Stable-Baselines3's algorithms cannot use the
    spaces of one sub-env: an action space other than ``Box``/``Discrete``/``MultiDiscrete``/``MultiBinary``
    (EdgeLLM's ``Dict`` action: make the env with ``config={"actionFormat": "box"}``), or a ``Tuple`` or
    nested ``Dict`` observation space (flatten it, e.g. with gymnasium's vector ``FlattenObservation``)."""
    what = env_id or "the wrapped env"
    a = _space_name(action_space)
    if a not in SB3_ACTION_SPACES:
        hint = (
            'make it with config={"actionFormat": "box"} (one Box of 2*I*M values in [-1, 1]: cache scores, '
            "then local fractions)"
            if a == "Dict"
            else "wrap the env so that its action space is one of those"
        )
        raise ValueError(
            "SB3VecEnv: the action space of %s is %s, which Stable-Baselines3's algorithms do not accept "
            "(they take %s); %s." % (what, a, ", ".join(SB3_ACTION_SPACES), hint)
        )
    o = _space_name(observation_space)
    inner = list(getattr(observation_space, "spaces", {}).values()) if o == "Dict" else []
    if (o not in SB3_OBSERVATION_SPACES and o != "Dict") or any(_space_name(s) not in SB3_OBSERVATION_SPACES for s in inner):
        raise ValueError(
            "SB3VecEnv: the observation space of %s is %r, which Stable-Baselines3's policies do not accept "
            "(they take %s or a Dict of them, not nested); flatten it first, e.g. "
            "gymnasium.wrappers.vector.FlattenObservation(venv)." % (what, observation_space, ", ".join(SB3_OBSERVATION_SPACES))
        )


def _copy_batch(x):
    if isinstance(x, dict):
        return {k: _copy_batch(v) for k, v in x.items()}
    if isinstance(x, tuple):
        return tuple(_copy_batch(v) for v in x)
    return np.array(x, copy=True)


def _row(x, i):
    if isinstance(x, dict):
        return {k: _row(v, i) for k, v in x.items()}
    if isinstance(x, tuple):
        return tuple(_row(v, i) for v in x)
    return np.array(x[i], copy=True)


def _put_row(dst, i, src):
    if isinstance(dst, dict):
        for k in dst:
            _put_row(dst[k], i, src[k])
    elif isinstance(dst, tuple):
        for d, s in zip(dst, src):
            _put_row(d, i, s)
    else:
        dst[i] = src


def _per_env(v, n):
    """The n per-env entries of a vector info value: Python numbers from a 1-D numeric array, the elements of
    an object array, rows (views) of a stacked array."""
    if isinstance(v, np.ndarray):
        if v.dtype != object and v.ndim == 1:
            return v.tolist()
        return list(v)
    return list(v)


def env_infos(info, n, skip=()):
    """The ``n`` per-sub-env info dicts of gymnasium vector infos: sub-env ``i`` gets ``info[key][i]`` where
    ``info["_key"][i]`` is set; nested dicts likewise; numbers as Python numbers. Keys in ``skip`` (at the
    top level) are left out."""
    out = [{} for _ in range(n)]
    for k, v in info.items():
        if k.startswith("_") or k in skip:
            continue
        mask = info.get("_" + k)
        if mask is None and not isinstance(v, (dict, np.ndarray)):
            for d in out:
                d[k] = v
            continue
        values = env_infos(v, n) if isinstance(v, dict) else _per_env(v, n)
        if mask is None:
            for d, x in zip(out, values):
                d[k] = x
        else:
            for d, x, m in zip(out, values, np.asarray(mask, dtype=bool).tolist()):
                if m:
                    d[k] = x
    return out


class SB3VecEnv(_Base):
    """A gymnasium ``VectorEnv`` (``RemoteVectorEnv``, ``RayVectorEnv``, ...) as a Stable-Baselines3 ``VecEnv``
    (see the module for the exact contract).

    Args:
        venv: the vector env; it is closed by :meth:`close`.
        check_spaces: refuse spaces SB3's algorithms cannot use (see :func:`check_sb3_spaces`).

    Raises:
        ValueError: the spaces are not usable by SB3 (with the fix), or ``venv`` is not a vector env.
    """

    def __init__(self, venv, check_spaces=True):
        for attr in ("num_envs", "single_observation_space", "single_action_space"):
            if not hasattr(venv, attr):
                raise ValueError(
                    "SB3VecEnv wraps a gymnasium VectorEnv (RemoteVectorEnv, RayVectorEnv, SyncVectorEnv, ...); "
                    "%r has no %s. For single RemoteEnvs use stable_baselines3's DummyVecEnv/make_vec_env." % (venv, attr)
                )
        self.venv = venv
        inner = getattr(venv, "unwrapped", venv)
        if hasattr(inner, "gymnasium_info_types"):
            inner.gymnasium_info_types = False  # per-env info numbers exact, as single envs give them
        env_id = getattr(venv, "env_id", None)
        if check_spaces:
            check_sb3_spaces(venv.single_observation_space, venv.single_action_space, env_id)
        self.autoreset_mode = _mode_name((getattr(venv, "metadata", None) or {}).get("autoreset_mode"))
        if self.autoreset_mode not in ("next-step", "same-step", "disabled"):
            raise ValueError("SB3VecEnv: unknown autoreset mode %r of the wrapped env" % (self.autoreset_mode,))
        super().__init__(int(venv.num_envs), venv.single_observation_space, venv.single_action_space)
        self.render_mode = getattr(venv, "render_mode", None)
        modes = (getattr(venv, "metadata", None) or {}).get("render_modes", [])
        self.metadata = {"render_modes": list(modes)}
        self.reset_infos = [{} for _ in range(self.num_envs)]
        self._next_seeds = [None] * self.num_envs
        self._next_options = [{} for _ in range(self.num_envs)]
        self._actions = None
        self._closed = False

    # --- seeding and options (apply to the next reset only, as SB3's VecEnvs) ---

    def seed(self, seed=None):
        """Seeds for the next :meth:`reset`: sub-env ``i`` gets ``seed + i`` (a random base when ``None``).
        Returns the list of seeds."""
        if seed is None:
            seed = int(np.random.randint(0, np.iinfo(np.uint32).max, dtype=np.uint32))
        self._next_seeds = [int(seed) + i for i in range(self.num_envs)]
        return list(self._next_seeds)

    def set_options(self, options=None):
        """Reset options for the next :meth:`reset`: one dict for every sub-env, or a list of one per sub-env.
        The wrapped vector env takes one options dict, so a list must hold equal dicts."""
        if options is None:
            options = {}
        if isinstance(options, dict):
            self._next_options = [dict(options) for _ in range(self.num_envs)]
        else:
            options = list(options)
            if len(options) != self.num_envs:
                raise ValueError("set_options: %d option dicts for %d sub-envs" % (len(options), self.num_envs))
            self._next_options = [dict(o or {}) for o in options]

    # --- the VecEnv API ---

    def reset(self):
        """Resets every sub-env (with the pending seeds and options); returns the observations."""
        seeds = None if all(s is None for s in self._next_seeds) else list(self._next_seeds)
        first = self._next_options[0]
        if any(o != first for o in self._next_options[1:]):
            raise ValueError(
                "SB3VecEnv.reset: different options per sub-env cannot be passed to one vector env's reset; "
                "give the same options to every sub-env (set_options(dict))."
            )
        obs, info = self.venv.reset(seed=seeds, options=dict(first) if first else None)
        self.reset_infos = env_infos(info, self.num_envs)
        self._next_seeds = [None] * self.num_envs
        self._next_options = [{} for _ in range(self.num_envs)]
        return _copy_batch(obs)

    def step_async(self, actions):
        """Keeps the actions for :meth:`step_wait`."""
        self._actions = actions

    def step_wait(self):
        """Steps the wrapped env with the actions of :meth:`step_async`; returns ``(obs, rewards, dones, infos)``
        as SB3's ``DummyVecEnv`` does (see the module)."""
        if self._actions is None:
            raise RuntimeError("SB3VecEnv.step_wait called without step_async(actions) first")
        actions, self._actions = self._actions, None
        obs, rewards, terminated, truncated, info = self.venv.step(actions)
        n = self.num_envs
        obs = _copy_batch(obs)
        terminated = np.asarray(terminated, dtype=bool).reshape(n)
        truncated = np.asarray(truncated, dtype=bool).reshape(n)
        dones = terminated | truncated
        ended = [i for i in range(n) if dones[i]]
        if self.autoreset_mode == "same-step":
            infos = env_infos(info, n, _FINAL_KEYS)
            if ended:
                if "final_obs" not in info:
                    raise ValueError(
                        "SB3VecEnv: the wrapped env ended an episode in same-step autoreset mode without sending "
                        "info['final_obs']; make it with infos=True, or use the next-step autoreset mode."
                    )
                final_infos = env_infos(info.get("final_info", {}), n)
                for i in ended:
                    self.reset_infos[i] = infos[i]
                    infos[i] = final_infos[i]
                    infos[i]["terminal_observation"] = info["final_obs"][i]
        else:
            infos = env_infos(info, n)
            if ended:
                reset_obs, reset_info = self.venv.reset(options={"reset_mask": dones})
                reset_infos = env_infos(reset_info, n)
                for i in ended:
                    infos[i]["terminal_observation"] = _row(obs, i)
                    _put_row(obs, i, _row(reset_obs, i))
                    self.reset_infos[i] = reset_infos[i]
        for i in range(n):
            infos[i]["TimeLimit.truncated"] = bool(truncated[i] and not terminated[i])
        return obs, np.asarray(rewards, dtype=np.float32).reshape(n), dones, infos

    def close(self):
        """Closes the wrapped env (safe to call twice)."""
        if self._closed:
            return
        self._closed = True
        self.venv.close()

    # --- attributes and methods of the sub-envs ---

    def _attributes(self):
        v = self.venv
        return {
            "observation_space": v.single_observation_space,
            "action_space": v.single_action_space,
            "metadata": getattr(v, "metadata", {}),
            "render_mode": getattr(v, "render_mode", None),
            "spec": getattr(v, "remote_spec", getattr(v, "spec", None)),
        }

    def get_attr(self, attr_name, indices=None):
        """An attribute of the sub-envs at ``indices`` (all by default), as a list. Asks the wrapped env
        (``get_attr``) when it has that method, else serves ``observation_space``, ``action_space``,
        ``metadata``, ``render_mode`` and ``spec``.

        Raises:
            AttributeError: for an attribute the wrapped env does not give.
        """
        idx = list(self._get_indices(indices))
        if hasattr(self.venv, "get_attr"):
            values = list(self.venv.get_attr(attr_name))
            return [values[i] for i in idx]
        attrs = self._attributes()
        if attr_name not in attrs:
            raise AttributeError(
                "SB3VecEnv: the sub-envs of %s run elsewhere; get_attr serves %s, not %r."
                % (type(self.venv).__name__, ", ".join(sorted(attrs)), attr_name)
            )
        return [attrs[attr_name] for _ in idx]

    def set_attr(self, attr_name, value, indices=None):
        """Sets an attribute of the sub-envs at ``indices`` through the wrapped env's ``set_attr``.

        Raises:
            AttributeError: the wrapped env allows no attribute changes (remote sub-envs: give the setting in
                ``config=`` when making the env).
        """
        if not hasattr(self.venv, "set_attr"):
            raise AttributeError(
                "SB3VecEnv: the sub-envs of %s run elsewhere and their attributes cannot be set (%r); pass the "
                "setting in config= when making the env." % (type(self.venv).__name__, attr_name)
            )
        idx = list(self._get_indices(indices))
        if idx == list(range(self.num_envs)):
            self.venv.set_attr(attr_name, [value] * self.num_envs)
            return
        values = list(self.venv.get_attr(attr_name))
        for i in idx:
            values[i] = value
        self.venv.set_attr(attr_name, values)

    def env_method(self, method_name, *method_args, indices=None, **method_kwargs):
        """Calls ``method_name`` on the sub-envs at ``indices`` through the wrapped env's ``call`` (which
        calls every sub-env, so a subset of indices is allowed for ``render`` and attributes only);
        ``"render"`` also works without ``call``.

        Raises:
            AttributeError: the wrapped env cannot call that method.
            ValueError: a subset of sub-envs for a method with effects.
        """
        idx = list(self._get_indices(indices))
        if not hasattr(self.venv, "call"):
            if method_name == "render" and not method_args and not method_kwargs:
                frames = list(self.venv.render())
                return [frames[i] for i in idx]
            raise AttributeError(
                "SB3VecEnv: %s cannot call %r on its sub-envs (they run elsewhere); only 'render' is available."
                % (type(self.venv).__name__, method_name)
            )
        side_effect_free = method_name == "render" or method_name in self._attributes()
        if idx != list(range(self.num_envs)) and not side_effect_free:
            raise ValueError(
                "SB3VecEnv.env_method(%r, indices=%r): the wrapped vector env calls a method on every sub-env; "
                "call it on all of them (indices=None)." % (method_name, indices)
            )
        results = list(self.venv.call(method_name, *method_args, **method_kwargs))
        return [results[i] for i in idx]

    def env_is_wrapped(self, wrapper_class, indices=None):
        """Whether the sub-envs at ``indices`` are wrapped in ``wrapper_class``: sub-envs held in this process
        (a gymnasium ``SyncVectorEnv``'s ``envs``) are inspected; remote sub-envs are wrapped in nothing
        here (so SB3's ``Monitor`` is reported missing: use gymnasium's vector ``RecordEpisodeStatistics``,
        whose ``"episode"`` info reaches SB3 per sub-env)."""
        idx = list(self._get_indices(indices))
        envs = getattr(self.venv, "envs", None)
        if envs is None:
            return [False for _ in idx]
        out = []
        for i in idx:
            e, found = envs[i], False
            while e is not None and not found:
                found = isinstance(e, wrapper_class)
                e = getattr(e, "env", None)
            out.append(found)
        return out

    def get_images(self):
        """Each sub-env's frame when the render mode is ``"rgb_array"``; otherwise warns and returns ``None``
        per sub-env, as SB3's ``DummyVecEnv`` does."""
        if self.render_mode != "rgb_array":
            warnings.warn(
                "The render mode is %r, but this method assumes it is 'rgb_array' to obtain images." % (self.render_mode,),
                stacklevel=2,
            )
            return [None for _ in range(self.num_envs)]
        return list(self.venv.render())

    def render(self, mode=None):
        """With the ``"rgb_array"`` render mode and stable-baselines3 installed, SB3's tiled image; otherwise
        the wrapped env's frames, one per sub-env (text for ``"ansi"``)."""
        mode = mode or self.render_mode
        if mode == "rgb_array" and HAS_SB3:
            return super().render(mode=mode)
        return list(self.venv.render())


__all__ = ["SB3VecEnv", "HAS_SB3", "check_sb3_spaces", "env_infos", "SB3_ACTION_SPACES", "SB3_OBSERVATION_SPACES"]
