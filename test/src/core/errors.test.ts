import { strict as assert } from 'node:assert';
import {
  ClosedEnvironment,
  DeprecatedEnv,
  GymError,
  InvalidAction,
  InvalidArgument,
  InvalidConfig,
  NameNotFound,
  NamespaceNotFound,
  RegistrationError,
  ResetNeeded,
  UnregisteredEnv,
  VersionNotFound,
} from '../../../src/core/errors.ts';

describe('src/core/errors', () => {
  it('gives every error a stable code and its class name', () => {
    const cases: [GymError, string, string][] = [
      [new GymError('m'), 'error', 'GymError'],
      [new ResetNeeded('m'), 'reset_needed', 'ResetNeeded'],
      [new InvalidAction('m'), 'invalid_action', 'InvalidAction'],
      [new InvalidConfig('m', ['config.a']), 'invalid_config', 'InvalidConfig'],
      [new UnregisteredEnv('m'), 'unknown_env', 'UnregisteredEnv'],
      [new NamespaceNotFound('m'), 'unknown_env', 'NamespaceNotFound'],
      [new NameNotFound('m'), 'unknown_env', 'NameNotFound'],
      [new VersionNotFound('m'), 'unknown_env', 'VersionNotFound'],
      [new DeprecatedEnv('m'), 'unknown_env', 'DeprecatedEnv'],
      [new RegistrationError('m'), 'registration', 'RegistrationError'],
      [new ClosedEnvironment('m'), 'closed', 'ClosedEnvironment'],
      [new InvalidArgument('m'), 'invalid_argument', 'InvalidArgument'],
    ];
    for (const [e, code, name] of cases) {
      assert.equal(e.code, code);
      assert.equal(e.name, name);
      assert.equal(e.message, 'm');
      assert.ok(e instanceof GymError && e instanceof Error);
    }
  });

  it('groups the registry lookup errors under UnregisteredEnv', () => {
    for (const e of [new NamespaceNotFound('m'), new NameNotFound('m'), new VersionNotFound('m'), new DeprecatedEnv('m')]) {
      assert.ok(e instanceof UnregisteredEnv);
    }
    assert.ok(!(new RegistrationError('m') instanceof UnregisteredEnv));
  });

  it('keeps the offending fields of a config error', () => {
    assert.deepEqual(new InvalidConfig('bad', ['config.a', 'config.b[0]']).fields, ['config.a', 'config.b[0]']);
    assert.deepEqual(new InvalidConfig('bad').fields, []);
  });
});
