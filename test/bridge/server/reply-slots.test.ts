import { strict as assert } from 'node:assert';
import { Worker } from 'node:worker_threads';
import { REPLY_SLOT_BYTES, REPLY_SLOT_COUNT, ReplySlots } from '../../../bridge/server/reply-slots.ts';
import { startServer } from '../../../bridge/server/server.ts';
import { Connection } from '../../../bridge/client/connection.ts';
import '../../../envs/index.ts';

const frame = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);

describe('bridge/server/reply-slots', () => {
  it('hands frames through free slots, refuses oversized frames and full slots, and reuses released ones', () => {
    const worker = new ReplySlots(undefined, 16, 3);
    const socket = new ReplySlots(worker.buffer, 16, 3);
    const a = worker.put(frame(16, 1));
    const b = worker.put(frame(5, 2));
    const c = worker.put(frame(0, 3));
    assert.deepEqual([a, b, c], [0, 1, 2]);
    assert.equal(worker.put(frame(17, 4)), -1, 'larger than a slot');
    assert.equal(worker.put(frame(1, 4)), -1, 'every slot taken');
    assert.equal(socket.taken(), 3);
    assert.deepEqual([...socket.view(a, 16)], Array(16).fill(1));
    assert.deepEqual([...socket.view(b, 5)], Array(5).fill(2));
    socket.release(b);
    assert.equal(worker.put(frame(3, 9)), b, 'the released slot is taken again');
    assert.deepEqual([...socket.view(b, 3)], [9, 9, 9]);
    assert.deepEqual([...socket.view(a, 16)], Array(16).fill(1), 'other slots untouched');
  });

  it('refuses a buffer of the wrong size and a slot or length out of range, naming them', () => {
    assert.throws(() => new ReplySlots(new SharedArrayBuffer(10), 16, 3), /buffer of 10 bytes does not hold 3 slots of 16 bytes/);
    const s = new ReplySlots(undefined, 16, 3);
    assert.throws(() => s.view(3, 1), /no slot 3 of 1 bytes/);
    assert.throws(() => s.view(0, 17), /no slot 0 of 17 bytes/);
    assert.throws(() => s.view(-1, 0), /no slot -1/);
  });

  it('holds a 64-env EdgeLLM-v0 reply with infos in one slot, one slot per frame a connection may have in flight', async () => {
    assert.ok(REPLY_SLOT_BYTES >= 40_000);
    const { MAX_IN_FLIGHT } = await import('../../../bridge/server/connection.ts');
    assert.equal(REPLY_SLOT_COUNT, MAX_IN_FLIGHT);
  });

  it('a server with session workers answers as one without: pipelined replies in slots, and replies larger than a slot', async function () {
    this.timeout(60_000);
    // 40 frames in flight on two handles (more than there are slots), 64 envs (a slot) and 160 envs (≈ 97 KB: transferred)
    const run = async (workers: number): Promise<unknown[]> => {
      const server = await startServer({ port: 0, log: 'silent', workers, heartbeatMs: 0 });
      const conn = await Connection.open(server.url);
      try {
        const handles: number[] = [];
        for (const n of [64, 160]) {
          const { handle } = await conn.request('make', { env: 'EdgeLLM-v0', numEnvs: n, config: { horizon: 7 } });
          await conn.request('reset', { handle, seed: n });
          handles.push(handle as number);
        }
        const action = (n: number, t: number) => ({ cache: new Int8Array(20 * n).fill(t % 2), local: new Float32Array(20 * n).fill((t % 5) / 4) });
        const replies = await Promise.all(Array.from({ length: 40 }, (_, t) => conn.request('step', { handle: handles[t % 2]!, action: action(t % 2 ? 160 : 64, t) })));
        return replies;
      } finally {
        await conn.close();
        await server.close();
      }
    };
    const inline = await run(0);
    const viaWorkers = await run(1);
    assert.equal(viaWorkers.length, 40);
    assert.deepStrictEqual(viaWorkers, inline);
  });

  it('works across threads: a worker writes, this thread reads and releases', async () => {
    const slots = new ReplySlots(undefined, 8, 2);
    const code = `
      const { workerData, parentPort } = require('node:worker_threads');
      const states = new Int32Array(workerData, 0, 2);
      const bytes = new Uint8Array(workerData, 8);
      // take slot 0 as ReplySlots.put does, write a frame, report it; then wait for the release and take it again
      Atomics.compareExchange(states, 0, 0, 1);
      bytes.set([1, 2, 3], 0);
      parentPort.postMessage(0);
      Atomics.wait(states, 0, 1, 5000);
      parentPort.postMessage(Atomics.compareExchange(states, 0, 0, 1));
    `;
    const w = new Worker(code, { eval: true, workerData: slots.buffer });
    const messages: number[] = [];
    await new Promise<void>((resolve, reject) => {
      w.on('message', (m: number) => {
        messages.push(m);
        if (messages.length === 1) {
          assert.deepEqual([...slots.view(m, 3)], [1, 2, 3]);
          slots.release(m);
          Atomics.notify(new Int32Array(slots.buffer, 0, 2), 0);
        } else resolve();
      });
      w.on('error', reject);
    });
    await w.terminate();
    assert.deepEqual(messages, [0, 0], 'the slot was free again (state 0) after the release');
  });
});
