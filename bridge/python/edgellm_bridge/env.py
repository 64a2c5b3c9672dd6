"""Remote environments: a registered env of a bridge server used through the gymnasium API.

``RemoteEnv`` subclasses ``gymnasium.Env`` and ``RemoteVectorEnv`` ``gymnasium.vector.VectorEnv`` when
gymnasium is importable; otherwise they are plain classes with the same methods and attributes.
"""
import numpy as np

from .connection import Connection
from .errors import BridgeError
from .spaces import space_from_json, to_wire_action

try:  # pragma: no cover - depends on the environment
    import gymnasium as _gym

    _EnvBase = _gym.Env
    _VectorBase = _gym.vector.VectorEnv
except ImportError:  # pragma: no cover
    _gym = None

    class _EnvBase:
        """Stand-in for ``gymnasium.Env``."""

        metadata = {"render_modes": []}
        render_mode = None
        spec = None
        _np_random = None

        def reset(self, *, seed=None, options=None):
            if seed is not None or self._np_random is None:
                self._np_random = np.random.default_rng(seed)

        @property
        def np_random(self):
            if self._np_random is None:
                self._np_random = np.random.default_rng()
            return self._np_random

        @property
        def unwrapped(self):
            return self

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()
            return False

    class _VectorBase:
        """Stand-in for ``gymnasium.vector.VectorEnv``."""

        metadata = {}
        spec = None

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()
            return False


try:  # pragma: no cover - gymnasium >= 1.1
    from gymnasium.vector import AutoresetMode as _AutoresetMode
except ImportError:  # pragma: no cover
    _AutoresetMode = None

_AUTORESET_NAMES = {"next-step": "NEXT_STEP", "same-step": "SAME_STEP", "disabled": "DISABLED"}


def autoreset_mode_of(name):
    """The server's autoreset mode name (``"next-step"``...) as gymnasium's ``AutoresetMode`` when
    gymnasium provides it (gymnasium >= 1.1, whose vector wrappers require it), else the name unchanged."""
    if _AutoresetMode is None or name not in _AUTORESET_NAMES:
        return name
    return getattr(_AutoresetMode, _AUTORESET_NAMES[name])


def _make_fields(env_id, config, max_episode_steps, infos):
    fields = {"env": env_id}
    if config is not None:
        fields["config"] = dict(config)
    if max_episode_steps is not None:
        fields["maxEpisodeSteps"] = int(max_episode_steps)
    if infos is not None:
        fields["infos"] = bool(infos)
    return fields


def _snake_metadata(meta):
    out = dict(meta or {})
    if "renderModes" in out:
        out["render_modes"] = out.pop("renderModes")
    if "renderFps" in out:
        out["render_fps"] = out.pop("renderFps")
    if "autoresetMode" in out:
        out["autoreset_mode"] = autoreset_mode_of(out.pop("autoresetMode"))
    return out


def _scalar_reward(r):
    return float(r)


class RemoteEnv(_EnvBase):
    """A registered environment of the server at ``url``.

    Args:
        url: ``ws://host:port`` of a server started with ``npx edgellm-gym serve``.
        env_id: a registered id, e.g. ``"EdgeLLM-v0"``.
        config: keyword arguments of the env (checked by the server against its config schema).
        token: the server's token, when it was started with one.
        max_episode_steps: overrides the spec's step limit.
        infos: ``False`` asks the server for empty infos (less traffic).
        connection: an open :class:`Connection` to share (then ``url`` and ``token`` are ignored).
    """

    def __init__(self, url=None, env_id="EdgeLLM-v0", config=None, token=None, max_episode_steps=None, infos=True, connection=None, timeout=30.0):
        self._owns = connection is None
        self.conn = connection if connection is not None else Connection(url, token=token, timeout=timeout)
        try:
            reply = self.conn.request("make", **_make_fields(env_id, config, max_episode_steps, infos))
        except BridgeError:
            if self._owns:
                self.conn.close()
            raise
        self.env_id = env_id
        self.handle = reply["handle"]
        self._action_json = reply["actionSpace"]
        self.observation_space = space_from_json(reply["observationSpace"])
        self.action_space = space_from_json(reply["actionSpace"])
        self.metadata = _snake_metadata(reply.get("metadata"))
        self.render_mode = reply.get("renderMode")
        self.remote_spec = reply.get("spec")
        self._closed = False

    def reset(self, *, seed=None, options=None):
        """Starts an episode; returns ``(obs, info)``."""
        super().reset(seed=seed)
        fields = {"handle": self.handle}
        if seed is not None:
            fields["seed"] = int(seed)
        if options is not None:
            fields["options"] = options
        r = self.conn.request("reset", **fields)
        return r["obs"], r.get("info", {})

    def step(self, action):
        """Steps with ``action``; returns ``(obs, reward, terminated, truncated, info)``.

        Raises:
            BridgeError: ``invalid_action`` when the action is not in the action space (the env is
                unchanged), ``reset_needed`` after the episode ended.
        """
        r = self.conn.request("step", handle=self.handle, action=to_wire_action(self._action_json, action))
        return r["obs"], _scalar_reward(r["reward"]), bool(r["terminated"]), bool(r["truncated"]), r.get("info", {})

    def render(self):
        """The server's render output (text for ``ansi``), or ``None``."""
        return self.conn.request("render", handle=self.handle).get("frame")

    def close(self):
        """Frees the remote env (and closes the connection when this env opened it)."""
        _release(self)


def _release(env):
    """Frees an env's remote handle once; closes the connection instead when the env opened it."""
    if getattr(env, "_closed", True):
        return
    env._closed = True
    if env._owns:
        env.conn.close()
    elif not env.conn.closed:
        try:
            env.conn.request("close", handle=env.handle)
        except BridgeError:
            pass


def _first_set(mask):
    for i, m in enumerate(mask):
        if m:
            return i
    return None


def _vector_info(info, num_envs, gymnasium_types=True):
    """Vector infos as gymnasium's ``SyncVectorEnv`` builds them from the sub-envs' infos.

    Per-env numbers arrive as one float64 array; gymnasium types the array after the first sub-env that
    has the key, and the bridge sends an integral number as an integer, so the array becomes int64 when
    that entry is integral (later entries are converted as numpy assigns them, so fractions are cut).
    ``gymnasium_types=False`` keeps every such array float64 (exact). Stacked arrays arrive with their
    (num_envs, ...) batch shape. Boolean lists become bool arrays, other lists object arrays.
    """
    out = {}
    for k, v in info.items():
        if isinstance(v, dict):
            out[k] = _vector_info(v, num_envs, gymnasium_types)
        elif isinstance(v, list) and (k == "final_obs" or not all(isinstance(x, bool) for x in v)):
            arr = np.empty(len(v), dtype=object)
            for i, x in enumerate(v):
                arr[i] = x
            out[k] = arr
        elif isinstance(v, list):
            out[k] = np.array(v, dtype=bool)
        elif gymnasium_types and isinstance(v, np.ndarray) and v.dtype == np.float64 and v.shape == (num_envs,) and not k.startswith("_"):
            mask = info.get("_" + k)
            first = _first_set(mask) if mask is not None else 0
            if first is not None and np.isfinite(v[first]) and float(v[first]).is_integer():
                out[k] = v.astype(np.int64)
            else:
                out[k] = v
        else:
            out[k] = v
    return out


class RemoteVectorEnv(_VectorBase):
    """``num_envs`` copies of a registered env, stepped in one frame per batch.

    Args:
        url, env_id, config, token, max_episode_steps, infos, connection: as :class:`RemoteEnv`.
        num_envs: number of sub-envs.
        autoreset_mode: ``"next-step"`` (default), ``"same-step"`` or ``"disabled"``.

    Attributes:
        gymnasium_info_types: ``True`` (default): per-env numbers in infos are typed as gymnasium's
            ``SyncVectorEnv`` types them (int64 when the first sub-env's number is integral, which cuts the
            fractions of the others); ``False``: float64, exact (:class:`~edgellm_bridge.sb3.SB3VecEnv`
            sets this).
    """

    gymnasium_info_types = True

    def __init__(self, url=None, env_id="EdgeLLM-v0", num_envs=1, config=None, token=None, autoreset_mode=None,
                 max_episode_steps=None, infos=True, connection=None, timeout=30.0):
        self._owns = connection is None
        self.conn = connection if connection is not None else Connection(url, token=token, timeout=timeout)
        fields = _make_fields(env_id, config, max_episode_steps, infos)
        fields["numEnvs"] = int(num_envs)
        if autoreset_mode is not None:
            fields["autoreset"] = autoreset_mode
        try:
            reply = self.conn.request("make", **fields)
        except BridgeError:
            if self._owns:
                self.conn.close()
            raise
        self.env_id = env_id
        self.handle = reply["handle"]
        self.num_envs = reply["numEnvs"]
        self._action_json = reply["actionSpace"]
        self.observation_space = space_from_json(reply["observationSpace"])
        self.action_space = space_from_json(reply["actionSpace"])
        self.single_observation_space = space_from_json(reply["singleObservationSpace"])
        self.single_action_space = space_from_json(reply["singleActionSpace"])
        self.metadata = _snake_metadata(reply.get("metadata"))
        self.render_mode = reply.get("renderMode")
        self.remote_spec = reply.get("spec")
        self._closed = False

    def reset(self, *, seed=None, options=None):
        """Resets every sub-env (or those flagged by ``options["reset_mask"]``); returns ``(obs, infos)``."""
        fields = {"handle": self.handle}
        if seed is not None:
            fields["seed"] = int(seed) if np.isscalar(seed) else [None if s is None else int(s) for s in seed]
        if options is not None:
            opts = dict(options)
            if "reset_mask" in opts:
                opts["reset_mask"] = [bool(x) for x in np.asarray(opts["reset_mask"]).ravel()]
            fields["options"] = opts
        r = self.conn.request("reset", **fields)
        return r["obs"], _vector_info(r.get("info", {}), self.num_envs, self.gymnasium_info_types)

    def step(self, actions):
        """Steps every sub-env; returns ``(obs, rewards, terminations, truncations, infos)`` as numpy arrays."""
        r = self.conn.request("step", handle=self.handle, action=to_wire_action(self._action_json, actions))
        return (
            r["obs"],
            np.asarray(r["rewards"], dtype=np.float64),
            np.asarray(r["terminations"], dtype=bool),
            np.asarray(r["truncations"], dtype=bool),
            _vector_info(r.get("info", {}), self.num_envs, self.gymnasium_info_types),
        )

    def render(self):
        """Each sub-env's render output as a tuple (text for ``ansi``), as ``SyncVectorEnv.render``."""
        return tuple(self.conn.request("render", handle=self.handle).get("frames", []))

    def _attributes(self):
        return {
            "observation_space": self.single_observation_space,
            "action_space": self.single_action_space,
            "metadata": self.metadata,
            "render_mode": self.render_mode,
            "spec": self.remote_spec,
        }

    def get_attr(self, name):
        """An attribute of each sub-env, as a tuple. The sub-envs live on the server, so the attributes the
        server describes are available: ``observation_space``, ``action_space``, ``metadata``,
        ``render_mode`` and ``spec`` (the server's spec as a dict).

        Raises:
            AttributeError: for any other name.
        """
        attrs = self._attributes()
        if name not in attrs:
            raise AttributeError(
                "RemoteVectorEnv sub-envs run on the server; get_attr supports %s, not %r."
                % (", ".join(sorted(attrs)), name)
            )
        return tuple(attrs[name] for _ in range(self.num_envs))

    def call(self, name, *args, **kwargs):
        """Calls ``name`` on each sub-env and returns the results as a tuple, as ``SyncVectorEnv.call``:
        ``"render"`` renders on the server; the attributes of :meth:`get_attr` are returned as they are.

        Raises:
            AttributeError: for a method the server does not expose.
        """
        if name == "render" and not args and not kwargs:
            return self.render()
        if name in self._attributes() and not args and not kwargs:
            return self.get_attr(name)
        raise AttributeError(
            "RemoteVectorEnv sub-envs run on the server; call supports 'render' and the attributes %s, not %r."
            % (", ".join(sorted(self._attributes())), name)
        )

    def set_attr(self, name, values):
        """Sets an attribute of the sub-envs, as ``SyncVectorEnv.set_attr``. The sub-envs live on the
        server, which allows no attribute changes: this checks ``values`` as gymnasium does, then raises.

        Raises:
            ValueError: ``values`` is a list or tuple whose length is not ``num_envs``.
            AttributeError: otherwise; give the setting in ``config=`` when making the env instead.
        """
        if isinstance(values, (list, tuple)) and len(values) != self.num_envs:
            raise ValueError(
                "Values must be a list or tuple with length equal to the number of environments. "
                "Got `%d` values for %d environments." % (len(values), self.num_envs)
            )
        raise AttributeError(
            "RemoteVectorEnv sub-envs run on the server and their attributes cannot be set remotely (%r); "
            "pass the setting in config= when making the env." % (name,)
        )

    def close(self):
        """Frees the remote envs (and closes the connection when this object opened it)."""
        _release(self)
