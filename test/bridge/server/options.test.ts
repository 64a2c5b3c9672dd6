import { strict as assert } from 'node:assert';
import { DEFAULT_SERVER_OPTIONS, resolveServerOptions } from '../../../bridge/server/options.ts';
import { InvalidConfig } from '../../../src/core/errors.ts';

describe('bridge/server/options', () => {
  it('defaults to loopback and safe limits', () => {
    const o = resolveServerOptions({ log: false });
    assert.equal(o.host, '127.0.0.1');
    assert.equal(o.port, 8765);
    assert.equal(o.token, null);
    assert.equal(o.maxPayload, DEFAULT_SERVER_OPTIONS.maxPayload);
    assert.ok(o.idleTimeoutMs > 0 && o.heartbeatMs > 0);
    assert.equal(o.logger.level, 'silent');
  });

  it('names each bad option', () => {
    assert.throws(() => resolveServerOptions({ port: 70000 }), (e: unknown) => e instanceof InvalidConfig && /options.port must be <= 65535/.test(e.message));
    assert.throws(() => resolveServerOptions({ maxSessions: 0 }), /options.maxSessions must be >= 1/);
    assert.throws(() => resolveServerOptions({ token: '' }), /options.token/);
    assert.throws(() => resolveServerOptions({ colour: 'red' } as never), /options.colour is not a known field/);
    assert.throws(() => resolveServerOptions({ log: 'loud' as never }), /options.log must be one of/);
  });
});
