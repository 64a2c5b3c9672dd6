/**
 * The socket thread of `SyncConnection`: owns the WebSocket and relays whole frames between it and the
 * main thread. After posting each message to the main thread it bumps a shared counter and notifies it,
 * so that a main thread blocked in `Atomics.wait` wakes and takes the message with
 * `receiveMessageOnPort`. It never decodes frames. Plain JavaScript so that it starts without a
 * TypeScript loader.
 * @module
 */
import { workerData } from 'node:worker_threads';
import { WebSocket } from 'ws';

const { url, headers, maxPayload, timeoutMs, port, signal } = workerData;
const counter = new Int32Array(signal);

function post(message, transfer) {
  port.postMessage(message, transfer ?? []);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload, headers, handshakeTimeout: timeoutMs });
let opened = false;
let refused = false;

ws.on('open', () => {
  opened = true;
  post({ type: 'open' });
});
ws.on('unexpected-response', (req, res) => {
  refused = true;
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    if (body.length < 4096) body += chunk;
  });
  res.on('end', () => {
    post({ type: 'refused', status: res.statusCode ?? 0, body });
    req.destroy();
    port.close();
  });
});
ws.on('error', (e) => {
  if (!opened && !refused) {
    post({ type: 'error', message: e.message });
    port.close();
  }
});
ws.on('message', (data) => {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : data;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  post({ type: 'frame', data: copy }, [copy.buffer]);
});
ws.on('close', (code, reason) => {
  if (!opened) return;
  post({ type: 'close', code, reason: reason.toString() });
  port.close();
});
port.on('message', (message) => {
  if (message.type === 'send') {
    if (ws.readyState === WebSocket.OPEN) ws.send(message.data, { binary: true, compress: false });
  } else if (message.type === 'close') {
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000, 'client closed');
    setTimeout(() => ws.terminate(), 2000).unref();
  }
});
