"""Tests of the Python client against a live server.

Run by test/bridge/python-client.test.ts, which starts the servers and passes:
EDGELLM_BRIDGE_URL, EDGELLM_BRIDGE_TOKEN_URL, EDGELLM_BRIDGE_TOKEN and EDGELLM_BRIDGE_EXPECTED (a JSON file
of values computed in-process by the TypeScript side).
"""
import hashlib
import json
import os
import threading
import time
import unittest

import numpy as np

from edgellm_bridge import BridgeError, BridgeWarning, Connection, RemoteEnv, RemoteVectorEnv, evaluate, wire
from edgellm_bridge.env import autoreset_mode_of

URL = os.environ.get("EDGELLM_BRIDGE_URL")
TOKEN_URL = os.environ.get("EDGELLM_BRIDGE_TOKEN_URL")
TOKEN = os.environ.get("EDGELLM_BRIDGE_TOKEN")
HEARTBEAT_URL = os.environ.get("EDGELLM_BRIDGE_HEARTBEAT_URL")
EXPECTED_PATH = os.environ.get("EDGELLM_BRIDGE_EXPECTED")
EXPECTED = json.load(open(EXPECTED_PATH)) if EXPECTED_PATH else None


def action_at(t, pairs=20):
    """The deterministic action of step t (the TypeScript side uses the same formula)."""
    cache = np.array([1 if (t + p) % 3 == 0 else 0 for p in range(pairs)], dtype=np.int8)
    local = np.array([((t * 7 + p) % 11) / 10 for p in range(pairs)], dtype=np.float32)
    return {"cache": cache, "local": local}


class WireTest(unittest.TestCase):
    def test_golden_bytes_and_round_trips(self):
        self.assertEqual(wire.encode({"a": 1}), b"\x81\xa1a\x01")
        for dtype in wire.WIRE_DTYPES:
            a = (np.arange(6) % 2).astype(dtype).reshape(2, 3)
            b = wire.decode(wire.encode({"x": a}))["x"]
            self.assertEqual(b.dtype, a.dtype)
            self.assertEqual(b.shape, (2, 3))
            self.assertTrue(np.array_equal(a, b))
            b[0, 0] = 1  # writable copy
        with self.assertRaises(TypeError):
            wire.encode(np.zeros(2, dtype=np.int64))

    @unittest.skipIf(EXPECTED is None, "needs the expected values from the TypeScript side")
    def test_reads_a_frame_written_by_the_typescript_encoder(self):
        v = wire.decode(bytes.fromhex(EXPECTED["tsFrameHex"]))
        self.assertEqual(v["obs"].dtype, np.float32)
        self.assertEqual(v["obs"].tolist(), [1.5, -2.0])
        self.assertEqual(v["i8"].tolist(), [-1, 127])
        self.assertEqual(v["batch"].shape, (2, 3))
        self.assertEqual(v["nested"], {"x": [1, "a", None, True]})
        self.assertTrue(np.isnan(v["nan"]))
        # The TypeScript encoder writes -0 as the integer 0 (the sign of zero does not cross the wire).
        self.assertEqual(repr(v["negzero"]), "0")
        self.assertEqual(repr(v["big"]), repr(2 ** 40))  # an int (int64 on the wire), not a float
        self.assertEqual(v["text"], "κ😀")


class ReplyWarningsTest(unittest.TestCase):
    """A reply's ``warnings`` come out as BridgeWarnings; the fields returned no longer hold them."""

    def connection_with(self, *replies):
        import collections
        import websocket

        class FakeSocket:
            def __init__(self, frames):
                self.frames = list(frames)

            def recv_data(self, control_frame=False):
                return websocket.ABNF.OPCODE_BINARY, self.frames.pop(0)

        c = Connection.__new__(Connection)
        c.ws = FakeSocket(wire.encode(r) for r in replies)
        c._pending = collections.deque(r["id"] for r in replies)
        c._lock = threading.Lock()
        c.closed = False
        return c

    def test_warnings_are_re_emitted_and_removed(self):
        c = self.connection_with(
            {"id": 1, "ok": True, "obs": 3, "warnings": ["obs is not within the observation space", "second"]},
            {"id": 2, "ok": True, "obs": 4},
        )
        with warnings_caught() as seen:
            fields = c.receive()
            plain = c.receive()
        self.assertEqual(fields, {"obs": 3})
        self.assertEqual(plain, {"obs": 4})
        self.assertEqual([str(w.message) for w in seen], ["obs is not within the observation space", "second"])
        self.assertTrue(all(issubclass(w.category, BridgeWarning) and issubclass(w.category, UserWarning) for w in seen))
        self.assertTrue(all(w.filename == __file__ for w in seen), [w.filename for w in seen])


def warnings_caught():
    import warnings

    caught = warnings.catch_warnings(record=True)

    class Ctx:
        def __enter__(self):
            self.seen = caught.__enter__()
            warnings.simplefilter("always")
            return self.seen

        def __exit__(self, *exc):
            return caught.__exit__(*exc)

    return Ctx()


@unittest.skipIf(URL is None, "EDGELLM_BRIDGE_URL not set")
class RemoteEnvTest(unittest.TestCase):
    def test_hello_lists_envs_with_schemas(self):
        conn = Connection(URL)
        ids = [e["id"] for e in conn.hello["envs"]]
        self.assertIn("EdgeLLM-v0", ids)
        edge = [e for e in conn.hello["envs"] if e["id"] == "EdgeLLM-v0"][0]
        self.assertIn("agents", edge["configSchema"]["properties"])
        conn.close()

    def test_spaces(self):
        env = RemoteEnv(URL, "EdgeLLM-v0")
        self.assertEqual(env.observation_space.shape, (81,))
        self.assertEqual(np.dtype(env.observation_space.dtype), np.float32)
        self.assertEqual(env.action_space["cache"].n, 20)
        self.assertEqual(env.action_space["local"].shape, (20,))
        obs, info = env.reset(seed=0)
        self.assertTrue(env.observation_space.contains(obs))
        self.assertEqual(info["system"]["pairs"], 20)
        env.close()

    def run_sequence(self, env, invalid_at=None):
        obs_hash = hashlib.sha256()
        rewards = []
        obs, _ = env.reset(seed=EXPECTED["seed"])
        obs_hash.update(obs.astype("<f4").tobytes())
        for t in range(EXPECTED["steps"]):
            if t == invalid_at:
                bad = action_at(t)
                bad["local"][3] = 1.5
                with self.assertRaises(BridgeError) as cm:
                    env.step(bad)
                self.assertEqual(cm.exception.code, "invalid_action")
                self.assertIn("local[3]", cm.exception.message)
            obs, reward, terminated, truncated, info = env.step(action_at(t))
            obs_hash.update(obs.astype("<f4").tobytes())
            rewards.append(reward)
            self.assertEqual(info["slot"], t + 1)
        return obs_hash.hexdigest(), hashlib.sha256(np.array(rewards, dtype="<f8").tobytes()).hexdigest(), truncated

    @unittest.skipIf(EXPECTED is None, "needs the expected values from the TypeScript side")
    def test_bit_identical_to_in_process(self):
        env = RemoteEnv(URL, EXPECTED["envId"])
        obs_sha, rew_sha, truncated = self.run_sequence(env)
        self.assertEqual(obs_sha, EXPECTED["obsSha256"])
        self.assertEqual(rew_sha, EXPECTED["rewardsSha256"])
        self.assertTrue(truncated)
        with self.assertRaises(BridgeError) as cm:
            env.step(action_at(0))
        self.assertEqual(cm.exception.code, "reset_needed")
        env.close()

    @unittest.skipIf(EXPECTED is None, "needs the expected values from the TypeScript side")
    def test_invalid_action_is_rejected_and_leaves_the_state_unchanged(self):
        env = RemoteEnv(URL, EXPECTED["envId"])
        obs_sha, rew_sha, _ = self.run_sequence(env, invalid_at=10)
        self.assertEqual(obs_sha, EXPECTED["obsSha256"])
        self.assertEqual(rew_sha, EXPECTED["rewardsSha256"])
        env.reset(seed=1)
        with self.assertRaises(BridgeError) as cm:
            env.step({"cache": np.full(20, 0.5), "local": np.zeros(20, dtype=np.float32)})
        self.assertEqual(cm.exception.code, "invalid_action")
        with self.assertRaises(BridgeError) as cm:
            env.step({"cache": np.zeros(20), "local": np.full(20, np.nan)})
        self.assertEqual(cm.exception.code, "invalid_action")
        env.close()

    def test_typed_errors(self):
        with self.assertRaises(BridgeError) as cm:
            RemoteEnv(URL, "EdgeLLM-v99")
        self.assertEqual(cm.exception.code, "unknown_env")
        with self.assertRaises(BridgeError) as cm:
            RemoteEnv(URL, "EdgeLLM-v0", config={"agents": 0})
        self.assertEqual(cm.exception.code, "invalid_config")
        self.assertIn("agents", cm.exception.message)
        self.assertTrue(cm.exception.hint)
        conn = Connection(URL)
        with self.assertRaises(BridgeError) as cm:
            conn.request("teleport")
        self.assertEqual(cm.exception.code, "unknown_op")
        with self.assertRaises(BridgeError) as cm:
            conn.request("step", handle=12345, action=0)
        self.assertEqual(cm.exception.code, "unknown_handle")
        conn.close()

    def test_pipelining_keeps_order(self):
        conn = Connection(URL)
        for i in range(50):
            conn.send("ping", payload=i)
        self.assertEqual([conn.receive()["payload"] for _ in range(50)], list(range(50)))
        conn.close()

    def test_render(self):
        env = RemoteEnv(URL, "EdgeLLM-v0", config={"renderMode": "ansi"})
        env.reset(seed=2)
        self.assertIsInstance(env.render(), str)
        env.close()

    def test_vector_env(self):
        venv = RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=4, autoreset_mode="same-step", config={"horizon": 3})
        self.assertEqual(venv.num_envs, 4)
        self.assertEqual(venv.metadata["autoreset_mode"], autoreset_mode_of("same-step"))
        obs, infos = venv.reset(seed=[1, 2, None, 4])
        self.assertEqual(obs.shape, (4, 81))
        self.assertEqual(infos["_requests"].dtype, np.bool_)
        for t in range(3):
            batch = {"cache": np.stack([action_at(t)["cache"]] * 4), "local": np.stack([action_at(t)["local"]] * 4)}
            obs, rewards, terms, truncs, infos = venv.step(batch)
        self.assertEqual(rewards.shape, (4,))
        self.assertTrue(truncs.all())
        self.assertEqual(infos["final_obs"].shape, (4,))
        self.assertEqual(infos["final_obs"][0].shape, (81,))
        venv.close()

    def test_vector_replies_decode_the_same_for_protocol_1_1_and_1_2(self):
        """From 1.2 the server sends boolean lists of vector replies as bool arrays; the values must not change."""
        from edgellm_bridge import connection as connection_module

        saved = connection_module.PROTOCOL_VERSION
        connection_module.PROTOCOL_VERSION = "1.1.0"
        try:
            old_conn = Connection(URL)
        finally:
            connection_module.PROTOCOL_VERSION = saved
        self.assertEqual(saved, "1.2.0")
        envs = [
            RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=3, autoreset_mode="same-step", config={"horizon": 3}, connection=old_conn),
            RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=3, autoreset_mode="same-step", config={"horizon": 3}),
        ]

        def same(a, b, path):
            if isinstance(a, dict):
                self.assertIsInstance(b, dict, path)
                self.assertEqual(sorted(a), sorted(b), path)
                for k in a:
                    same(a[k], b[k], path + "." + k)
            elif isinstance(a, np.ndarray):
                self.assertIsInstance(b, np.ndarray, path)
                self.assertEqual((a.dtype, a.shape), (b.dtype, b.shape), path)
                if a.dtype == object:
                    for i, (x, y) in enumerate(zip(a, b)):
                        same(x, y, "%s[%d]" % (path, i))
                else:
                    np.testing.assert_array_equal(a, b, err_msg=path)
            else:
                self.assertEqual(type(a), type(b), path)
                self.assertEqual(a, b, path)

        resets = [e.reset(seed=5) for e in envs]
        same(resets[0][1], resets[1][1], "reset.infos")
        saw_final = False
        for t in range(7):
            batch = {"cache": np.stack([action_at(t)["cache"]] * 3), "local": np.stack([action_at(t)["local"]] * 3)}
            old, new = [e.step(batch) for e in envs]
            for name, a, b in zip(("obs", "rewards", "terminations", "truncations", "infos"), old, new):
                same(a, b, "step %d %s" % (t, name))
            self.assertEqual(new[3].dtype, np.bool_)
            self.assertEqual(new[4]["_requests"].dtype, np.bool_)
            saw_final = saw_final or "final_obs" in new[4]
        self.assertTrue(saw_final)
        for e in envs:
            e.close()
        old_conn.close()

    @unittest.skipIf(EXPECTED is None, "needs the expected values from the TypeScript side")
    def test_evaluate_records_on_the_server(self):
        def cloud_only(obs, info):
            return {"cache": np.zeros(20, dtype=np.int8), "local": np.zeros(20, dtype=np.float32)}

        seeds = []
        r = evaluate(URL, "EdgeLLM-v0", cloud_only, "py-cloud", on_episode=lambda rec, k: seeds.append(rec["seed"]))
        self.assertTrue(r["done"])
        self.assertTrue(r["recorded"])
        self.assertEqual(r["result"]["agent"], "py-cloud")
        self.assertEqual(seeds, EXPECTED["evalSeeds"])
        self.assertEqual(r["result"]["meanCost"], EXPECTED["cloudMeanCost"])


@unittest.skipIf(TOKEN_URL is None, "EDGELLM_BRIDGE_TOKEN_URL not set")
class TokenTest(unittest.TestCase):
    def test_token_required(self):
        with self.assertRaises(BridgeError) as cm:
            Connection(TOKEN_URL)
        self.assertEqual(cm.exception.code, "unauthorized")
        with self.assertRaises(BridgeError) as cm:
            Connection(TOKEN_URL, token="wrong")
        self.assertEqual(cm.exception.code, "unauthorized")
        conn = Connection(TOKEN_URL, token=TOKEN)
        self.assertEqual(conn.request("ping", payload="x")["payload"], "x")
        conn.close()


@unittest.skipIf(HEARTBEAT_URL is None, "EDGELLM_BRIDGE_HEARTBEAT_URL not set")
class KeepaliveTest(unittest.TestCase):
    """The server at HEARTBEAT_URL pings every 200 ms and drops a connection that missed a ping."""

    def test_an_idle_connection_answers_pings_and_survives(self):
        conn = Connection(HEARTBEAT_URL, keepalive_interval=0.05)
        time.sleep(1.5)  # seven heartbeats without a request, as during a long gradient update
        self.assertEqual(conn.request("ping", payload="still here")["payload"], "still here")
        env = RemoteEnv(env_id="EdgeLLM-v0", connection=conn)
        env.reset(seed=3)
        time.sleep(0.6)
        env.step(action_at(0))
        conn.close()

    def test_without_keepalive_an_idle_connection_is_dropped(self):
        conn = Connection(HEARTBEAT_URL, keepalive=False)
        time.sleep(1.5)
        with self.assertRaises(BridgeError) as cm:
            conn.request("ping")
        self.assertEqual(cm.exception.code, "connection_closed")

    def test_the_keepalive_thread_stops_on_close(self):
        conn = Connection(HEARTBEAT_URL, keepalive_interval=0.05)
        conn.close()
        conn._keepalive.join(2.0)
        self.assertFalse(conn._keepalive.is_alive())
        self.assertFalse(any(t.name == "edgellm-bridge-keepalive" and t is conn._keepalive for t in threading.enumerate()))

    def test_keepalive_interval_is_checked(self):
        with self.assertRaises(ValueError):
            Connection(HEARTBEAT_URL, keepalive_interval=0)


if __name__ == "__main__":
    unittest.main()
