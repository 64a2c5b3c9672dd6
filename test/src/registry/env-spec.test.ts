import { strict as assert } from 'node:assert';
import { EnvSpec } from '../../../src/registry/env-spec.ts';
import '../../../src/registry/registry.ts';
import { TimeLimit } from '../../../src/wrappers/time-limit.ts';
import { OrderEnforcing } from '../../../src/wrappers/order-enforcing.ts';
import { PassiveEnvChecker } from '../../../src/wrappers/passive-env-checker.ts';
import { CountEnv, messageOf } from '../helpers.ts';

describe('src/registry/env-spec', () => {
  it('parses the id and fills Gymnasium defaults', () => {
    const entryPoint = () => new CountEnv();
    const s = new EnvSpec({ id: 'lab/Count-v2', entryPoint });
    assert.equal(s.namespace, 'lab');
    assert.equal(s.name, 'Count');
    assert.equal(s.version, 2);
    assert.equal(s.entryPoint, entryPoint);
    assert.equal(s.rewardThreshold, null);
    assert.equal(s.nondeterministic, false);
    assert.equal(s.maxEpisodeSteps, null);
    assert.equal(s.orderEnforce, true);
    assert.equal(s.disableEnvChecker, false);
    assert.deepEqual(s.kwargs, {});
    assert.equal(s.description, '');
    assert.equal(s.configSchema, null);
  });

  it('copies and freezes kwargs', () => {
    const kwargs = { length: 4 };
    const s = new EnvSpec({ id: 'Count-v0', entryPoint: () => new CountEnv(), kwargs });
    kwargs.length = 9;
    assert.equal(s.kwargs.length, 4);
    assert.ok(Object.isFrozen(s.kwargs));
  });

  it('copies with changes and exposes its fields and JSON view', () => {
    const s = new EnvSpec({ id: 'Count-v0', entryPoint: () => new CountEnv(), maxEpisodeSteps: 5, kwargs: { length: 2 }, rewardThreshold: 10 });
    const t = s.with({ kwargs: { length: 7 }, nondeterministic: true });
    assert.equal(t.id, 'Count-v0');
    assert.equal(t.maxEpisodeSteps, 5);
    assert.equal(t.nondeterministic, true);
    assert.deepEqual(t.kwargs, { length: 7 });
    assert.deepEqual(s.kwargs, { length: 2 });
    assert.equal(s.toInit().entryPoint, s.entryPoint);
    const json = s.toJSON();
    assert.ok(!('entryPoint' in json));
    assert.deepEqual(JSON.parse(JSON.stringify(json)), {
      id: 'Count-v0',
      namespace: null,
      name: 'Count',
      version: 0,
      rewardThreshold: 10,
      nondeterministic: false,
      maxEpisodeSteps: 5,
      orderEnforce: true,
      disableEnvChecker: false,
      kwargs: { length: 2 },
      description: '',
    });
  });

  it('rejects a malformed id or a missing entry point', () => {
    assert.match(messageOf(() => new EnvSpec({ id: 'a/b/c', entryPoint: () => new CountEnv() })), /Malformed environment id/);
    assert.match(messageOf(() => new EnvSpec({ id: 'X-v0', entryPoint: 'mod:X' as never })), /EnvSpec X-v0: entryPoint must be a function \(kwargs\) => Env/);
  });

  it('makes its environment as make() does, with the spec wrappers', () => {
    let got: Record<string, unknown> = {};
    const s = new EnvSpec({
      id: 'Count-v0',
      entryPoint: (kw) => {
        got = kw;
        return new CountEnv(kw as { length: number });
      },
      maxEpisodeSteps: 2,
      kwargs: { length: 10 },
    });
    const env = s.make({ reuseObs: true });
    assert.deepEqual(got, { length: 10, reuseObs: true });
    assert.ok(env instanceof TimeLimit);
    assert.ok(env.env instanceof OrderEnforcing);
    assert.ok((env.env as OrderEnforcing<unknown, unknown>).env instanceof PassiveEnvChecker);
    assert.equal(env.spec?.id, 'Count-v0');
    assert.deepEqual(env.spec?.kwargs, { length: 10, reuseObs: true });
  });
});
