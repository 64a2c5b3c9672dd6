import { strict as assert } from 'node:assert';
import { DEFAULT_SERVER_OPTIONS, isLoopbackHost, resolveServerOptions } from '../../../bridge/server/options.ts';
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
    assert.equal(o.workers, 2);
    assert.equal(o.inlineMaxEnvs, 64);
    assert.equal(resolveServerOptions({ inlineMaxEnvs: 0, log: false }).inlineMaxEnvs, 0);
  });

  it('names each bad option', () => {
    assert.throws(() => resolveServerOptions({ port: 70000 }), (e: unknown) => e instanceof InvalidConfig && /options.port must be <= 65535/.test(e.message));
    assert.throws(() => resolveServerOptions({ maxSessions: 0 }), /options.maxSessions must be >= 1/);
    assert.throws(() => resolveServerOptions({ token: '' }), /options.token/);
    assert.throws(() => resolveServerOptions({ colour: 'red' } as never), /options.colour is not a known field/);
    assert.throws(() => resolveServerOptions({ log: 'loud' as never }), /options.log must be one of/);
    assert.throws(() => resolveServerOptions({ inlineMaxEnvs: -1 }), /options.inlineMaxEnvs must be >= 0/);
    assert.throws(() => resolveServerOptions({ inlineMaxEnvs: 1.5 }), /options.inlineMaxEnvs must be of type integer/);
  });

  it('refuses a non-loopback bind without a token unless insecure, saying why (finding 5)', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.5']) {
      assert.throws(
        () => resolveServerOptions({ host, log: false }),
        (e: unknown) => e instanceof InvalidConfig && /Refusing to bind .* without a token: any machine that can reach it/.test(e.message) && /--insecure/.test(e.message),
      );
      assert.equal(resolveServerOptions({ host, token: 't', log: false }).host, host);
      assert.equal(resolveServerOptions({ host, insecure: true, log: false }).insecure, true);
    }
    assert.equal(resolveServerOptions({ host: '127.0.0.2', log: false }).token, null);
  });

  it('knows the loopback names', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', 'api.localhost', '::1', '[::1]']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'localhost.evil.example', '128.0.0.1']) assert.equal(isLoopbackHost(h), false, h);
  });
});
