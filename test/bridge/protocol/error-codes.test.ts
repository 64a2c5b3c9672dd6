import { strict as assert } from 'node:assert';
import { BridgeError, ERROR_CODES, toBridgeError } from '../../../bridge/protocol/error-codes.ts';
import { InvalidAction, InvalidConfig, ResetNeeded, UnregisteredEnv } from '../../../src/core/errors.ts';

describe('bridge/protocol/error-codes', () => {
  it('maps package errors to bridge codes', () => {
    assert.equal(toBridgeError(new InvalidAction('x')).code, 'invalid_action');
    assert.equal(toBridgeError(new ResetNeeded('x')).code, 'reset_needed');
    assert.equal(toBridgeError(new UnregisteredEnv('x')).code, 'unknown_env');
    const cfg = toBridgeError(new InvalidConfig('bad', ['config.agents']));
    assert.equal(cfg.code, 'invalid_config');
    assert.equal(cfg.field, 'config.agents');
    assert.equal(toBridgeError(new RangeError('r')).code, 'bad_request');
    assert.equal(toBridgeError(new Error('boom')).code, 'internal');
    assert.equal(toBridgeError('weird').code, 'internal');
  });

  it('round-trips errors through their wire form, each with a hint', () => {
    for (const code of ERROR_CODES) {
      const e = new BridgeError(code, `m-${code}`, { field: 'request.x' });
      assert.ok(e.hint.length > 10);
      const back = BridgeError.fromWire(e.toWire());
      assert.equal(back.code, code);
      assert.equal(back.message, `m-${code}`);
      assert.equal(back.field, 'request.x');
    }
    assert.equal(BridgeError.fromWire({ code: 'nonsense' }).code, 'internal');
  });
});
