import { strict as assert } from 'node:assert';
import type { IncomingMessage } from 'node:http';
import { checkUpgrade, hostName, isHostAllowed } from '../../../bridge/server/admission.ts';
import { resolveServerOptions } from '../../../bridge/server/options.ts';

const req = (headers: Record<string, string>): IncomingMessage => ({ headers, socket: {} }) as unknown as IncomingMessage;

describe('bridge/server/admission', () => {
  it('reads the host name of a Host header', () => {
    assert.equal(hostName('Example.org:8765'), 'example.org');
    assert.equal(hostName('[::1]:8765'), '::1');
    assert.equal(hostName('[::1]'), '::1');
    assert.equal(hostName('localhost'), 'localhost');
  });

  it('admits loopback names, the bound address and extra names; refuses other hosts and a missing Host', () => {
    assert.equal(isHostAllowed(req({ host: 'localhost:1' }), '127.0.0.1', []), true);
    assert.equal(isHostAllowed(req({ host: '10.1.2.3:8765' }), '10.1.2.3', []), true);
    assert.equal(isHostAllowed(req({ host: 'gym.lab:8765' }), '0.0.0.0', ['gym.lab']), true);
    assert.equal(isHostAllowed(req({ host: 'evil.example' }), '127.0.0.1', []), false);
    assert.equal(isHostAllowed(req({ host: 'evil.example' }), '127.0.0.1', ['*']), true);
    assert.equal(isHostAllowed(req({}), '127.0.0.1', []), false);
  });

  it('checks in order: shutting down, Host, Origin, token, sessions, pending hellos', () => {
    const opts = resolveServerOptions({ log: false, token: 't', maxSessions: 2, maxPendingHello: 1 });
    const good = { host: 'localhost', authorization: 'Bearer t' };
    const counts = { sessions: 0, pendingHello: 0, closing: false };
    assert.equal(checkUpgrade(req(good), opts, counts), null);
    assert.equal(checkUpgrade(req(good), opts, { ...counts, closing: true })?.status, 503);
    assert.equal(checkUpgrade(req({ ...good, host: 'evil.example' }), opts, counts)?.status, 403);
    assert.equal(checkUpgrade(req({ ...good, origin: 'http://evil.example' }), opts, counts)?.status, 403);
    assert.equal(checkUpgrade(req({ host: 'localhost' }), opts, counts)?.status, 401);
    assert.match(checkUpgrade(req(good), opts, { ...counts, sessions: 2 })!.body.message, /maxSessions=2/);
    assert.match(checkUpgrade(req(good), opts, { ...counts, pendingHello: 1 })!.body.message, /maxPendingHello=1/);
  });
});
