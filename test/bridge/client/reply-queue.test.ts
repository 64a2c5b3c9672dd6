import { strict as assert } from 'node:assert';
import { ReplyQueue } from '../../../bridge/client/reply-queue.ts';
import { encode } from '../../../bridge/protocol/msgpack.ts';
import { BridgeError } from '../../../bridge/protocol/error-codes.ts';

describe('bridge/client/reply-queue', () => {
  it('hands replies to requests in order, errors included', async () => {
    const q = new ReplyQueue();
    const results: unknown[] = [];
    const ids = [q.newId(), q.newId(), q.newId()];
    for (const id of ids) q.push({ id, resolve: (f) => results.push(f), reject: (e) => results.push(e) });
    q.deliver(encode({ id: ids[0], ok: true, x: 1 }));
    q.deliver(encode({ id: null, ok: false, error: { code: 'bad_frame', message: 'm', hint: 'h' } }));
    q.deliver(encode({ id: ids[2], ok: true }));
    assert.deepEqual(results[0], { x: 1 });
    assert.ok(results[1] instanceof BridgeError && results[1].code === 'bad_frame');
    assert.deepEqual(results[2], {});
    assert.equal(q.size, 0);
  });

  it('refuses a reply that does not answer the oldest request, or answers nothing', () => {
    const q = new ReplyQueue();
    assert.throws(() => q.deliver(encode({ id: 1, ok: true })), /no request was pending/);
    q.push({ id: q.newId(), resolve: () => undefined, reject: () => undefined });
    assert.throws(() => q.deliver(encode({ id: 99, ok: true })), /does not match the oldest pending request/);
    assert.throws(() => q.deliver(new Uint8Array([0xc1])), /Could not decode/);
  });

  it('fails everything pending at once', () => {
    const q = new ReplyQueue();
    const errors: Error[] = [];
    for (let i = 0; i < 5; i++) q.push({ id: q.newId(), resolve: () => undefined, reject: (e) => errors.push(e) });
    q.failAll(new BridgeError('connection_closed', 'gone'));
    assert.equal(errors.length, 5);
    assert.equal(q.size, 0);
  });
});
