/**
 * Echo server of the bridge benchmark's floor: for each frame it decodes the request and answers with the
 * encoding of a reply value of the size of a real step reply. That is the WebSocket and msgpack work of a
 * step without the env and the protocol handling.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import { decode, encode } from '../bridge/protocol/msgpack.ts';

const { reply } = workerData as { reply: Record<string, unknown> };
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
wss.on('connection', (ws) => {
  ws.on('message', (data: Buffer) => {
    const req = decode(data) as { id: number };
    ws.send(encode({ ...reply, id: req.id }), { binary: true, compress: false });
  });
});
wss.on('listening', () => {
  const addr = wss.address();
  parentPort!.postMessage({ port: typeof addr === 'object' && addr !== null ? addr.port : 0 });
});
parentPort!.on('message', (m: string) => {
  if (m === 'close') wss.close(() => parentPort!.close());
});
