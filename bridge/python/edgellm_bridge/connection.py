"""A connection to a bridge server (websocket-client), with pipelining and heartbeat answers while idle."""
import collections
import os
import select
import sys
import threading
import warnings

import websocket

from . import wire
from .errors import BridgeError, BridgeWarning

#: Protocol version this client speaks.
PROTOCOL_VERSION = "1.2.0"
#: Client name sent in hello.
CLIENT_NAME = "edgellm-bridge-py/0.1.0"

_CLOSE_MEANINGS = {
    1001: ("connection_closed", "the server is shutting down"),
    1009: ("limit_exceeded", "a frame exceeded the server's maxPayload"),
    4002: ("version_mismatch", "the protocol versions are incompatible"),
    4008: ("connection_closed", "the session was idle longer than the server's idleTimeoutMs"),
    4009: ("limit_exceeded", "the client did not read its replies fast enough"),
    4010: ("connection_closed", "no heartbeat answer"),
}


class Connection:
    """One WebSocket connection and its session on the server.

    ``request(op, **fields)`` sends a request and waits for its reply; ``send(op, **fields)`` only sends
    (pipelining) and ``receive()`` returns the oldest outstanding reply. Replies come in request order.

    The server pings every connection at its heartbeat interval and drops one that did not answer the
    previous ping. A reply is read only while a request waits, so a learner that spends longer than that
    between requests (a long gradient update) would be dropped; with ``keepalive`` (default on) a daemon
    thread answers pings every ``keepalive_interval`` seconds while no request is outstanding. The socket
    is only ever used by one thread at a time.
    """

    def __init__(self, url, token=None, timeout=30.0, client_name=CLIENT_NAME, keepalive=True, keepalive_interval=1.0):
        if keepalive and not (isinstance(keepalive_interval, (int, float)) and keepalive_interval > 0):
            raise ValueError("keepalive_interval must be a positive number of seconds (or pass keepalive=False); got %r" % (keepalive_interval,))
        header = ["Authorization: Bearer %s" % token] if token else []
        try:
            self.ws = websocket.create_connection(
                url, header=header, timeout=timeout, enable_multithread=False, suppress_origin=True
            )
        except websocket.WebSocketBadStatusException as e:
            status = getattr(e, "status_code", 0)
            code = {401: "unauthorized", 403: "unauthorized", 503: "limit_exceeded"}.get(status, "connection_closed")
            raise BridgeError(code, "the server refused the connection (HTTP %s): %s" % (status, e)) from None
        except (OSError, websocket.WebSocketException) as e:
            raise BridgeError("connection_closed", "could not connect to %s: %s" % (url, e)) from None
        self.url = url
        self._next_id = 1
        self._pending = collections.deque()
        self._lock = threading.Lock()
        self._idle_close = None
        self.closed = False
        self.hello = self.request("hello", protocol=PROTOCOL_VERSION, client=client_name)
        major = str(self.hello.get("protocol", "0")).split(".")[0]
        if major != PROTOCOL_VERSION.split(".")[0]:
            self.close()
            raise BridgeError("version_mismatch", "server speaks protocol %s, this client %s" % (self.hello.get("protocol"), PROTOCOL_VERSION))
        if keepalive:
            self._stop = threading.Event()
            self._keepalive = threading.Thread(target=self._answer_pings, args=(keepalive_interval,), name="edgellm-bridge-keepalive", daemon=True)
            self._keepalive.start()

    def _answer_pings(self, interval):
        """Reads control frames while no request is outstanding, so pings get their pongs."""
        while not self._stop.wait(interval):
            if self.closed:
                return
            if self._pending or not self._lock.acquire(blocking=False):
                continue  # a reader is (or soon will be) on the socket and answers pings itself
            try:
                while not self.closed and not self._pending and self._readable():
                    opcode, frame = self.ws.recv_data_frame(control_frame=True)
                    if opcode == websocket.ABNF.OPCODE_CLOSE:
                        data = frame.data
                        code = int.from_bytes(data[:2], "big") if len(data) >= 2 else 1005
                        self._idle_close = (code, data[2:].decode("utf-8", "replace"))
                        return
                    # ping: answered inside recv_data_frame; pong: nothing to do
            except (OSError, websocket.WebSocketException) as e:
                self._idle_close = (getattr(self.ws, "close_status", None) or 1006, str(e))
                return
            finally:
                self._lock.release()

    def _readable(self):
        sock = self.ws.sock
        if sock is None:
            return False
        if hasattr(sock, "pending") and sock.pending() > 0:  # TLS: bytes already decrypted
            return True
        return bool(select.select([sock], [], [], 0)[0])

    def _raise_idle_close(self):
        code, reason = self._idle_close
        self.closed = True
        err, meaning = _CLOSE_MEANINGS.get(code, ("connection_closed", "the connection closed"))
        raise BridgeError(err, "%s (close code %d while idle: %s)" % (meaning, code, reason))

    def send(self, op, **fields):
        """Sends a request without waiting; returns its id."""
        if self._idle_close is not None:
            self._raise_idle_close()
        if self.closed:
            raise BridgeError("connection_closed", "the connection is closed")
        rid = self._next_id
        self._next_id += 1
        fields["id"] = rid
        fields["op"] = op
        frame = wire.encode(fields)
        with self._lock:
            self._pending.append(rid)
            try:
                self.ws.send(frame, opcode=websocket.ABNF.OPCODE_BINARY)
            except (OSError, websocket.WebSocketException) as e:
                self._lost(e)
        return rid

    def _lost(self, e):
        self.closed = True
        code = getattr(self.ws, "close_status", None) or getattr(e, "status", None)
        err, meaning = _CLOSE_MEANINGS.get(code, ("connection_closed", "the connection closed"))
        raise BridgeError(err, "%s (%s)" % (meaning, e)) from None

    def receive(self):
        """Returns the fields of the oldest outstanding reply, or raises its ``BridgeError``."""
        if not self._pending:
            raise BridgeError("bad_request", "no request is waiting for a reply")
        with self._lock:
            return self._receive_locked()

    def _receive_locked(self):
        rid = self._pending[0]
        while True:
            try:
                opcode, data = self.ws.recv_data(control_frame=False)
            except (OSError, websocket.WebSocketException) as e:
                self._lost(e)
            if opcode == websocket.ABNF.OPCODE_BINARY:
                break
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                self.closed = True
                code = int.from_bytes(data[:2], "big") if len(data) >= 2 else 1005
                err, meaning = _CLOSE_MEANINGS.get(code, ("connection_closed", "the connection closed"))
                raise BridgeError(err, "%s (close code %d: %s)" % (meaning, code, data[2:].decode("utf-8", "replace")))
        self._pending.popleft()
        reply = wire.decode(data)
        if reply.get("id") not in (rid, None):
            self.closed = True
            raise BridgeError("internal", "reply id %r does not match request %r" % (reply.get("id"), rid))
        if reply.get("ok") is True:
            del reply["ok"]
            reply.pop("id", None)
            _warn(reply.pop("warnings", None))
            return reply
        raise BridgeError.from_wire(reply.get("error"))

    def request(self, op, **fields):
        """Sends a request and returns its reply's fields."""
        self.send(op, **fields)
        return self.receive()

    def close(self):
        """Closes the connection; the server frees the session's environments."""
        if not self.closed:
            self.closed = True
            stop = getattr(self, "_stop", None)
            if stop is not None:
                stop.set()
            with self._lock:
                try:
                    self.ws.close()
                except (OSError, websocket.WebSocketException):
                    pass


def _warn(messages):
    """Re-emits a reply's ``warnings`` (the server's environment warned during the call) as ``BridgeWarning``s,
    attributed to the first caller outside this package (as ``skip_file_prefixes`` does in Python 3.12)."""
    if not isinstance(messages, list) or not messages:
        return
    level = 2  # stacklevel 2 is the frame of _warn's caller
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    for m in messages:
        warnings.warn(str(m), BridgeWarning, stacklevel=level)


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
