"""Scale-out on Ray: a gymnasium ``VectorEnv`` whose sub-envs live in Ray actors.

Each actor starts its own bridge server on its node (``node <package>/bin/edgellm-gym.js serve`` on
127.0.0.1, a free port, a random token handed over in the ``EDGELLM_GYM_TOKEN`` environment variable, never
on the command line) and drives a :class:`~edgellm_bridge.RemoteVectorEnv` of its share of the sub-envs on
it. :class:`RayVectorEnv` splits every batch of actions across the actors, steps them in parallel and
joins the results, so a learner written for a gymnasium vector env (a CleanRL-style loop, or SB3 through
:class:`~edgellm_bridge.sb3.SB3VecEnv`) runs unchanged on a Ray cluster::

    import ray
    from edgellm_bridge.ray import RayVectorEnv

    ray.init()                          # or ray.init(address="auto") on a cluster
    envs = RayVectorEnv("EdgeLLM-v0", num_envs=64, num_actors=8)
    obs, infos = envs.reset(seed=0)     # sub-env i gets seed 0 + i, as gymnasium's vector envs
    obs, rewards, terminations, truncations, infos = envs.step(envs.action_space.sample())
    envs.close()                        # stops the actors and their servers

Trajectories are those of one ``RemoteVectorEnv`` (or gymnasium's ``SyncVectorEnv``) with the same seeds.

Placement: actors are created with Ray's ``"SPREAD"`` scheduling strategy (one per node first), each
reserving ``num_cpus_per_actor`` CPUs; the sub-envs are split as evenly as possible (the first actors get
one more when ``num_envs`` is not a multiple of ``num_actors``).

Failure: when an actor dies (its node fails, it is killed, its server exits), the step still returns a
result for every sub-env: the actor's sub-envs report ``truncated=True`` and reward 0 with the info key
``"actor_failure"`` (a message saying which actor failed and why) and the last observation they reported;
a new actor (with a new server) replaces the dead one and its sub-envs start new episodes as the autoreset
mode says (next step for ``next-step``, in the same step for ``same-step``, on ``reset`` for
``disabled``). Their new seeds are derived from the last ``reset`` seed, the actor and the number of
restarts (also when they are reset with ``options={"reset_mask": ...}`` and no seed, as
:class:`~edgellm_bridge.sb3.SB3VecEnv` does), so a rerun with the same failures is reproducible. After ``max_restarts`` replacements of one
actor, the step raises :class:`~edgellm_bridge.BridgeError` instead. ``restarts`` counts replacements and
every failure is also reported with ``warnings.warn``: nothing is lost silently.

Shutdown: ``close()`` closes each actor's env and stops its server, then kills the actor. A server also
stops when its actor's process dies (``PR_SET_PDEATHSIG`` on Linux), so no ``node`` process is orphaned.
"""
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import warnings

import numpy as np
import ray
from ray.exceptions import GetTimeoutError, RayActorError, RayTaskError

from .env import RemoteVectorEnv, _VectorBase, _vector_info, autoreset_mode_of
from .errors import BridgeError
from .spaces import to_wire_action

#: Environment variable naming the package's ``bin/edgellm-gym.js`` on every node.
GYM_BIN_ENV = "EDGELLM_GYM_BIN"
#: Environment variable the server reads its token from.
TOKEN_ENV = "EDGELLM_GYM_TOKEN"
#: The info key of the sub-envs whose episode a failed actor cut short.
FAILURE_KEY = "actor_failure"


def find_gym_bin(gym_bin=None):
    """The path of ``bin/edgellm-gym.js``: ``gym_bin``, else ``$EDGELLM_GYM_BIN``, else
    ``node_modules/.bin/edgellm-gym`` in the working directory or one of its parents (resolved).

    Raises:
        BridgeError: ``bad_request`` when none is found, saying how to point at it.
    """
    candidates = [gym_bin, os.environ.get(GYM_BIN_ENV)]
    d = os.getcwd()
    while True:
        candidates.append(os.path.join(d, "node_modules", ".bin", "edgellm-gym"))
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    for c in candidates:
        if c and os.path.isfile(c):
            return os.path.realpath(c)
    raise BridgeError(
        "bad_request",
        "could not find the edgellm-gym command on this node: pass gym_bin='<package>/bin/edgellm-gym.js' or set "
        "%s on every node (e.g. through Ray's runtime_env={'env_vars': {...}}), or install the npm package "
        "where the workers start (node_modules/.bin/edgellm-gym)." % GYM_BIN_ENV,
    )


def _die_with_parent():  # pragma: no cover - runs in the child between fork and exec
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class BridgeServerProcess:
    """One ``edgellm-gym serve`` process on this machine: loopback, a free port, a random token.

    Args:
        gym_bin: see :func:`find_gym_bin`.
        node: the ``node`` executable (default: the one on ``PATH``).
        extra_args: more ``serve`` options, e.g. ``["--max-envs-per-session", "512"]``.
        start_timeout: seconds to wait for the server to report its address.
    """

    def __init__(self, gym_bin=None, node=None, extra_args=(), start_timeout=120.0):
        node = node or shutil.which("node")
        if node is None:
            raise BridgeError("bad_request", "node is not on PATH on this node; install Node.js >= 20 or pass node=")
        self.token = secrets.token_urlsafe(24)
        env = dict(os.environ)
        env[TOKEN_ENV] = self.token
        cmd = [node, find_gym_bin(gym_bin), "serve", "--host", "127.0.0.1", "--port", "0", "--log", "warn"]
        cmd += [str(a) for a in extra_args]
        self.proc = subprocess.Popen(
            cmd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        self.pid = self.proc.pid
        self.url = None
        self._lines = []
        found = threading.Event()

        def read():
            for raw in self.proc.stderr:
                line = raw.decode("utf-8", "replace").rstrip()
                if self.url is None and "listening on ws://" in line:
                    self.url = line.split("listening on ", 1)[1].split(" ")[0].rstrip(";")
                    found.set()
                else:
                    self._lines = (self._lines + [line])[-50:]
            found.set()

        threading.Thread(target=read, daemon=True).start()
        found.wait(start_timeout)
        if self.url is None:
            self.stop()
            raise BridgeError(
                "connection_closed",
                "the bridge server did not start within %.0f s (%s): %s" % (start_timeout, " ".join(cmd[:3]), " | ".join(self._lines[-5:]) or "no output"),
            )

    def alive(self):
        """Whether the server process is still running."""
        return self.proc.poll() is None

    def stop(self, timeout=10.0):
        """Stops the server (SIGTERM, then SIGKILL after ``timeout`` seconds) and reaps it."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class EnvActorBody:
    """What each Ray actor runs: its own bridge server and a ``RemoteVectorEnv`` of ``num_envs`` sub-envs."""

    def __init__(self, env_id, num_envs, make_kwargs, server_kwargs):
        self.server = BridgeServerProcess(**server_kwargs)
        try:
            self.env = RemoteVectorEnv(self.server.url, env_id, num_envs=num_envs, token=self.server.token, **make_kwargs)
        except BaseException:
            self.server.stop()
            raise

    def describe(self):
        """Spaces, metadata and where the actor runs."""
        e = self.env
        return {
            "single_observation_space": e.single_observation_space,
            "single_action_space": e.single_action_space,
            "metadata": e.metadata,
            "render_mode": e.render_mode,
            "spec": e.remote_spec,
            "node_id": ray.get_runtime_context().get_node_id(),
            "pid": os.getpid(),
            "server_pid": self.server.pid,
        }

    def reset(self, seed=None, options=None):
        """``RemoteVectorEnv.reset`` with the infos as the server sends them (the driver types them once
        for all sub-envs, as gymnasium's ``SyncVectorEnv`` does)."""
        e = self.env
        fields = {"handle": e.handle}
        if seed is not None:
            fields["seed"] = [None if s is None else int(s) for s in seed]
        if options is not None:
            opts = dict(options)
            if "reset_mask" in opts:
                opts["reset_mask"] = [bool(x) for x in np.asarray(opts["reset_mask"]).ravel()]
            fields["options"] = opts
        r = e.conn.request("reset", **fields)
        return r["obs"], r.get("info", {})

    def step(self, actions):
        """``RemoteVectorEnv.step`` with raw infos; raises when the server is gone, so the driver replaces
        the actor."""
        if not self.server.alive():
            raise BridgeError("connection_closed", "the actor's bridge server exited with code %s" % self.server.proc.returncode)
        e = self.env
        r = e.conn.request("step", handle=e.handle, action=to_wire_action(e._action_json, actions))
        return r["obs"], r["rewards"], r["terminations"], r["truncations"], r.get("info", {})

    def render(self):
        """``RemoteVectorEnv.render``."""
        return self.env.render()

    def close(self):
        """Frees the envs and stops the server."""
        try:
            self.env.close()
        finally:
            self.server.stop()


def _slice(x, a, b):
    if isinstance(x, dict):
        return {k: _slice(v, a, b) for k, v in x.items()}
    if isinstance(x, tuple):
        return tuple(_slice(v, a, b) for v in x)
    return np.asarray(x)[a:b]


def _row(x, i):
    if isinstance(x, dict):
        return {k: _row(v, i) for k, v in x.items()}
    if isinstance(x, tuple):
        return tuple(_row(v, i) for v in x)
    return np.asarray(x)[i]


def _concat(parts):
    first = parts[0]
    if isinstance(first, dict):
        return {k: _concat([p[k] for p in parts]) for k in first}
    if isinstance(first, tuple):
        return tuple(_concat([p[i] for p in parts]) for i in range(len(first)))
    return np.concatenate([np.asarray(p) for p in parts], axis=0)


def _merge_raw(parts, sizes):
    """Joins the raw (wire) infos of consecutive slices of sub-envs into the infos of all of them: arrays
    are concatenated, lists joined, and a slice without a key contributes zeros / ``None`` with its mask
    ``False``, which is what one server sends for sub-envs without that key."""
    keys = []
    for p in parts:
        keys += [k for k in p if k not in keys]
    out = {}
    for k in keys:
        vals = [p.get(k) for p in parts]
        present = next(v for v in vals if v is not None)
        if isinstance(present, dict):
            out[k] = _merge_raw([v if v is not None else {} for v in vals], sizes)
        elif isinstance(present, (list, tuple)):
            fill = False if k.startswith("_") else None
            out[k] = [x for v, n in zip(vals, sizes) for x in (list(v) if v is not None else [fill] * n)]
        elif isinstance(present, np.ndarray) and present.ndim >= 1:
            out[k] = np.concatenate([v if v is not None else np.zeros((n,) + present.shape[1:], present.dtype) for v, n in zip(vals, sizes)])
        else:
            out[k] = present
    return out


def _split(n, parts):
    sizes = [n // parts + (1 if k < n % parts else 0) for k in range(parts)]
    bounds, a = [], 0
    for s in sizes:
        bounds.append((a, a + s))
        a += s
    return bounds


class RayVectorEnv(_VectorBase):
    """``num_envs`` copies of a registered env, spread over ``num_actors`` Ray actors (see the module).

    Args:
        env_id: a registered id, e.g. ``"EdgeLLM-v0"``.
        num_envs: number of sub-envs (at least ``num_actors``).
        num_actors: Ray actors, each with its own bridge server.
        config, max_episode_steps, infos: as :class:`~edgellm_bridge.RemoteVectorEnv`.
        autoreset_mode: ``"next-step"`` (default), ``"same-step"`` or ``"disabled"``.
        num_cpus_per_actor: CPUs each actor reserves (its server steps the envs on one thread).
        max_restarts: replacements of one actor before a failure is raised instead of reported.
        gym_bin, node, server_args: where each actor finds ``bin/edgellm-gym.js`` and ``node``, and more
            ``serve`` options (see :class:`BridgeServerProcess`).
        actor_options: more ``ray.remote`` options of the actors (e.g. ``runtime_env``, ``resources``).
        step_timeout: seconds to wait for one actor's step before it counts as failed (``None``: no limit).

    Attributes:
        gymnasium_info_types: as :class:`~edgellm_bridge.RemoteVectorEnv`'s.

    Raises:
        ValueError: ``num_envs`` < ``num_actors`` or ``num_actors`` < 1.
        BridgeError: when a server cannot be started or the env cannot be made (the server's message).
    """

    gymnasium_info_types = True

    def __init__(self, env_id="EdgeLLM-v0", num_envs=2, num_actors=2, config=None, autoreset_mode=None, max_episode_steps=None,
                 infos=True, num_cpus_per_actor=1, max_restarts=3, gym_bin=None, node=None, server_args=(), actor_options=None,
                 step_timeout=300.0):
        if int(num_actors) < 1:
            raise ValueError("num_actors must be >= 1, got %r" % (num_actors,))
        if int(num_envs) < int(num_actors):
            raise ValueError("num_envs (%d) must be >= num_actors (%d): every actor owns at least one sub-env" % (num_envs, num_actors))
        if not ray.is_initialized():
            ray.init()
        self.env_id = env_id
        self.num_envs = int(num_envs)
        self.num_actors = int(num_actors)
        self.max_restarts = int(max_restarts)
        self.step_timeout = step_timeout
        self.restarts = [0] * self.num_actors
        self.bounds = _split(self.num_envs, self.num_actors)
        self._make_kwargs = {"config": config, "autoreset_mode": autoreset_mode, "max_episode_steps": max_episode_steps, "infos": infos}
        self._server_kwargs = {"gym_bin": gym_bin, "node": node, "extra_args": list(server_args)}
        options = {"num_cpus": num_cpus_per_actor, "scheduling_strategy": "SPREAD", "max_restarts": 0}
        options.update(actor_options or {})
        self._actor_class = ray.remote(EnvActorBody).options(**options)
        self._closed = False
        self.actors = [None] * self.num_actors
        self.placement = [None] * self.num_actors
        self._last_obs = [None] * self.num_actors
        self._seed = None
        self._pending_reset = [False] * self.num_actors
        self._pending_failure = [None] * self.num_actors
        self._fresh = [False] * self.num_actors  # replaced, its sub-envs not reset yet
        try:
            for k in range(self.num_actors):
                self._spawn(k)
            described = ray.get([a.describe.remote() for a in self.actors])
        except BaseException:
            self.close()
            raise
        self.placement = described
        d = described[0]
        self.single_observation_space = d["single_observation_space"]
        self.single_action_space = d["single_action_space"]
        self.metadata = d["metadata"]
        self.render_mode = d["render_mode"]
        self.remote_spec = d["spec"]
        self._autoreset = self.metadata.get("autoreset_mode", autoreset_mode_of(autoreset_mode or "next-step"))
        try:
            from gymnasium.vector.utils import batch_space

            self.observation_space = batch_space(self.single_observation_space, self.num_envs)
            self.action_space = batch_space(self.single_action_space, self.num_envs)
        except ImportError:  # pragma: no cover - gymnasium is a dependency of Ray's gymnasium use
            self.observation_space = self.single_observation_space
            self.action_space = self.single_action_space

    def _spawn(self, k):
        a, b = self.bounds[k]
        self.actors[k] = self._actor_class.remote(self.env_id, b - a, self._make_kwargs, self._server_kwargs)

    def _mode(self):
        return getattr(self._autoreset, "value", self._autoreset)

    def _seeds_for(self, k, seed):
        a, b = self.bounds[k]
        if seed is None:
            return None
        if np.isscalar(seed):
            return [int(seed) + i for i in range(a, b)]
        return [None if s is None else int(s) for s in list(seed)[a:b]]

    def _restart_seeds(self, k):
        if self._seed is None:
            return None
        a, b = self.bounds[k]
        base = [0 if s is None else s for s in (self._seed if isinstance(self._seed, list) else [self._seed])]
        state = np.random.SeedSequence([*base, k, self.restarts[k]]).generate_state(b - a)
        return [int(s) for s in state]

    def _merge(self, infos_per_actor):
        sizes = [b - a for a, b in self.bounds]
        return _vector_info(_merge_raw(infos_per_actor, sizes), self.num_envs, self.gymnasium_info_types)

    def reset(self, *, seed=None, options=None):
        """Resets every sub-env (or those of ``options["reset_mask"]``); ``seed`` as gymnasium's vector envs."""
        mask = None
        if options is not None and "reset_mask" in options:
            mask = np.asarray(options["reset_mask"], dtype=bool).ravel()
        if seed is not None:
            self._seed = int(seed) if np.isscalar(seed) else [None if s is None else int(s) for s in seed]
        refs = []
        for k, (a, b) in enumerate(self.bounds):
            opts = None
            if options is not None:
                opts = dict(options)
                if mask is not None:
                    opts["reset_mask"] = mask[a:b]
            if mask is not None and not mask[a:b].any():
                refs.append(None)
                continue
            seeds = self._seeds_for(k, seed)
            if seeds is None and self._fresh[k]:
                seeds = self._restart_seeds(k)  # a replaced actor's new episodes: reproducible seeds
            refs.append(self.actors[k].reset.remote(seed=seeds, options=opts))
        obs_parts, info_parts = [], []
        for k, ref in enumerate(refs):
            if ref is None:
                obs_parts.append(self._last_obs[k])
                info_parts.append({})
                continue
            obs, info = self._get(k, ref)
            self._pending_reset[k] = False
            self._fresh[k] = False
            self._last_obs[k] = obs
            obs_parts.append(obs)
            info_parts.append(info)
        return _concat(obs_parts), self._merge(info_parts)

    def _get(self, k, ref):
        try:
            return ray.get(ref, timeout=self.step_timeout)
        except (RayActorError, GetTimeoutError) as e:
            raise BridgeError("connection_closed", "Ray actor %d failed during reset: %s" % (k, str(e).splitlines()[0] if str(e) else type(e).__name__)) from None

    def step(self, actions):
        """Steps every sub-env; returns ``(obs, rewards, terminations, truncations, infos)`` as numpy arrays."""
        refs = []
        for k, (a, b) in enumerate(self.bounds):
            if self._pending_reset[k]:
                refs.append(self.actors[k].reset.remote(seed=self._restart_seeds(k)))
            else:
                refs.append(self.actors[k].step.remote(_slice(actions, a, b)))
        obs_p, rew_p, term_p, trunc_p, info_p = [], [], [], [], []
        for k, ref in enumerate(refs):
            a, b = self.bounds[k]
            n = b - a
            try:
                if self._pending_reset[k]:
                    obs, info = ray.get(ref, timeout=self.step_timeout)
                    self._pending_reset[k] = False
                    self._fresh[k] = False
                    r, te, tr = np.zeros(n), np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
                else:
                    obs, r, te, tr, info = ray.get(ref, timeout=self.step_timeout)
            except (RayActorError, GetTimeoutError) as e:
                obs, r, te, tr, info = self._replace(k, e)
            except RayTaskError as e:
                cause = getattr(e, "cause", None)
                if not (isinstance(cause, BridgeError) and cause.code == "connection_closed"):
                    raise (cause if isinstance(cause, BaseException) else e) from None
                obs, r, te, tr, info = self._replace(k, cause)
            self._last_obs[k] = obs
            obs_p.append(obs)
            rew_p.append(np.asarray(r, dtype=np.float64))
            term_p.append(np.asarray(te, dtype=bool))
            trunc_p.append(np.asarray(tr, dtype=bool))
            info_p.append(info)
        return _concat(obs_p), np.concatenate(rew_p), np.concatenate(term_p), np.concatenate(trunc_p), self._merge(info_p)

    def _replace(self, k, error):
        """Replaces failed actor ``k``; its sub-envs' episodes end truncated with the reason in their infos."""
        reason = "Ray actor %d (sub-envs %d..%d) failed: %s" % (k, self.bounds[k][0], self.bounds[k][1] - 1, _first_line(error))
        if self.restarts[k] >= self.max_restarts:
            raise BridgeError("connection_closed", "%s; it was already replaced %d times (max_restarts)" % (reason, self.restarts[k])) from None
        warnings.warn(reason + "; starting a new actor, its sub-envs' episodes end truncated", RuntimeWarning, stacklevel=3)
        try:
            ray.kill(self.actors[k], no_restart=True)
        except Exception:  # noqa: BLE001 - the actor may be gone already
            pass
        self.restarts[k] += 1
        self._spawn(k)
        self.placement[k] = ray.get(self.actors[k].describe.remote())
        a, b = self.bounds[k]
        n = b - a
        last = self._last_obs[k]
        info = {FAILURE_KEY: [reason] * n, "_" + FAILURE_KEY: [True] * n}
        rewards, term, trunc = np.zeros(n), np.zeros(n, dtype=bool), np.ones(n, dtype=bool)
        mode = self._mode()
        if mode == "same-step" or mode == "SameStep":
            obs, reset_info = ray.get(self.actors[k].reset.remote(seed=self._restart_seeds(k)))
            final_info = dict(info)
            info = dict(reset_info)
            info["final_obs"] = [None if last is None else _row(last, i) for i in range(n)]
            info["_final_obs"] = [True] * n
            info["final_info"] = final_info
            info["_final_info"] = [True] * n
            info[FAILURE_KEY] = final_info[FAILURE_KEY]
            info["_" + FAILURE_KEY] = final_info["_" + FAILURE_KEY]
            return obs, rewards, term, trunc, info
        if mode in ("next-step", "NextStep"):
            self._pending_reset[k] = True
        self._fresh[k] = True
        return last, rewards, term, trunc, info

    def render(self):
        """Each sub-env's render output as a tuple (text for ``ansi``)."""
        parts = ray.get([a.render.remote() for a in self.actors])
        return tuple(x for p in parts for x in p)

    def close(self, timeout=30.0):
        """Closes every actor's env, stops its server and kills the actor (safe to call twice)."""
        if getattr(self, "_closed", True):
            return
        self._closed = True
        actors = [a for a in self.actors if a is not None]
        refs = [a.close.remote() for a in actors]
        if refs:
            ray.wait(refs, num_returns=len(refs), timeout=timeout)
        for a in actors:
            try:
                ray.kill(a, no_restart=True)
            except Exception:  # noqa: BLE001 - already gone
                pass

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


def _first_line(e):
    text = str(e).strip()
    return (text.splitlines()[0] if text else type(e).__name__)[:300]


__all__ = ["RayVectorEnv", "BridgeServerProcess", "EnvActorBody", "find_gym_bin", "FAILURE_KEY", "GYM_BIN_ENV", "TOKEN_ENV"]
