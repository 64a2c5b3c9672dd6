import { strict as assert } from 'node:assert';
import { listSpecs, make, makeVec, register, registry, spec, unregister } from '../../../src/registry/registry.ts';
import { EnvSpec } from '../../../src/registry/env-spec.ts';
import {
  DeprecatedEnv,
  InvalidArgument,
  NameNotFound,
  NamespaceNotFound,
  RegistrationError,
  UnregisteredEnv,
  VersionNotFound,
} from '../../../src/core/errors.ts';
import { collectWarnings } from '../../../src/core/logger.ts';
import { Env } from '../../../src/core/env.ts';
import { Wrapper } from '../../../src/core/wrapper.ts';
import { TimeLimit } from '../../../src/wrappers/time-limit.ts';
import { OrderEnforcing } from '../../../src/wrappers/order-enforcing.ts';
import { PassiveEnvChecker } from '../../../src/wrappers/passive-env-checker.ts';
import { RecordEpisodeStatistics } from '../../../src/wrappers/record-episode-statistics.ts';
import { SyncVectorEnv } from '../../../src/vector/sync-vector-env.ts';
import { CountEnv, type CountEnvOptions } from '../helpers.ts';

/** Wrapper classes from the outside in. */
function stack(env: Env<unknown, unknown>): string[] {
  const out: string[] = [];
  let e: Env<unknown, unknown> = env;
  while (e instanceof Wrapper) {
    out.push(e.constructor.name);
    e = e.env as Env<unknown, unknown>;
  }
  out.push(e.constructor.name);
  return out;
}

/** Expects `fn` to throw an error of class `cls` whose message is exactly `message`. */
function throwsExactly(fn: () => unknown, cls: new (...a: never[]) => Error, message: string): void {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof cls, `${e.constructor.name}: ${e.message}`);
    assert.equal(e.message, message);
    return true;
  });
}

const created: Record<string, unknown>[] = [];
const countEntry = (kwargs: Record<string, unknown>) => {
  created.push(kwargs);
  return new CountEnv(kwargs as CountEnvOptions);
};

const IDS = [
  'CoreRegToy-v0',
  'coretest/Walker-v1',
  'coretest/Walker-v3',
  'coretest/Plain',
  'coretest/Shared-v0',
  'coretest/NoCheck-v0',
  'coretest/Bad-v0',
];

describe('src/registry/registry', () => {
  before(() => {
    collectWarnings(() => {
      register({ id: 'CoreRegToy-v0', entryPoint: countEntry, kwargs: { length: 5 }, maxEpisodeSteps: 4, description: 'toy' });
      register({ id: 'coretest/Walker-v1', entryPoint: countEntry });
      register({ id: 'coretest/Walker-v3', entryPoint: countEntry, kwargs: { length: 7 } });
      register({ id: 'coretest/Plain', entryPoint: countEntry });
      register({ id: 'coretest/Shared-v0', entryPoint: countEntry, kwargs: { nested: { list: [1, 2] }, length: 2 } });
      register({ id: 'coretest/NoCheck-v0', entryPoint: countEntry, disableEnvChecker: true, orderEnforce: false });
      register({ id: 'coretest/Bad-v0', entryPoint: () => ({ not: 'an env' }) as never });
    });
  });
  after(() => {
    for (const id of IDS) unregister(id);
  });
  beforeEach(() => {
    created.length = 0;
  });

  describe('register', () => {
    it('stores the spec under its id and warns when overriding', () => {
      const s = registry.get('CoreRegToy-v0')!;
      assert.ok(s instanceof EnvSpec);
      assert.equal(s.description, 'toy');
      assert.equal(spec('CoreRegToy-v0'), s);
      const [again, warnings] = collectWarnings(() => register({ id: 'CoreRegToy-v0', entryPoint: countEntry, kwargs: { length: 5 }, maxEpisodeSteps: 4, description: 'toy' }));
      assert.deepEqual(warnings, ['Overriding environment CoreRegToy-v0 already in registry.']);
      assert.equal(spec('CoreRegToy-v0'), again);
    });

    it('refuses to mix versioned and unversioned ids of one name', () => {
      throwsExactly(
        () => register({ id: 'coretest/Plain-v1', entryPoint: countEntry }),
        RegistrationError,
        "Can't register the versioned environment `coretest/Plain-v1` when the unversioned environment `coretest/Plain` of the same name already exists; unregister it or register this one without a version.",
      );
      throwsExactly(
        () => register({ id: 'coretest/Walker', entryPoint: countEntry }),
        RegistrationError,
        "Can't register the unversioned environment `coretest/Walker` when the versioned environment `coretest/Walker-v3` of the same name already exists; give it a version (make('coretest/Walker') already returns the latest versioned environment).",
      );
      assert.ok(!registry.has('coretest/Plain-v1') && !registry.has('coretest/Walker'));
    });

    it('lists specs sorted by id and unregisters', () => {
      const ids = listSpecs().map((s) => s.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => a.localeCompare(b)));
      assert.ok(ids.includes('coretest/Walker-v1'));
      register({ id: 'coretest/Temp-v0', entryPoint: countEntry });
      assert.equal(unregister('coretest/Temp-v0'), true);
      assert.equal(unregister('coretest/Temp-v0'), false);
    });
  });

  describe('make', () => {
    it('applies PassiveEnvChecker, OrderEnforcing and TimeLimit, innermost first', () => {
      const env = make('CoreRegToy-v0');
      assert.deepEqual(stack(env), ['TimeLimit', 'OrderEnforcing', 'PassiveEnvChecker', 'CountEnv']);
      assert.equal((env as TimeLimit<unknown, unknown>).maxEpisodeSteps, 4);
      assert.deepEqual(stack(make('coretest/NoCheck-v0')), ['CountEnv']);
      assert.deepEqual(stack(make('CoreRegToy-v0', {}, { disableEnvChecker: true })), ['TimeLimit', 'OrderEnforcing', 'CountEnv']);
      const longer = make('CoreRegToy-v0', {}, { maxEpisodeSteps: 9 });
      assert.equal((longer as TimeLimit<unknown, unknown>).maxEpisodeSteps, 9);
      assert.equal(longer.spec?.maxEpisodeSteps, 9);
      assert.deepEqual(stack(make('CoreRegToy-v0', {}, { maxEpisodeSteps: null })), ['OrderEnforcing', 'PassiveEnvChecker', 'CountEnv']);
    });

    it('merges the spec kwargs with the make kwargs, make winning', () => {
      const env = make('CoreRegToy-v0', { reuseObs: true, length: 2 });
      assert.deepEqual(created, [{ length: 2, reuseObs: true }]);
      assert.equal((env.unwrapped as CountEnv).length, 2);
      assert.deepEqual(env.spec?.kwargs, { length: 2, reuseObs: true });
      assert.equal(env.unwrapped.spec?.id, 'CoreRegToy-v0');
      assert.deepEqual(spec('CoreRegToy-v0').kwargs, { length: 5 }, 'the registered spec is unchanged');
    });

    it('gives every environment its own copy of nested spec kwargs', () => {
      make('coretest/Shared-v0');
      const first = created[0]!.nested as { list: number[] };
      first.list.push(3);
      make('coretest/Shared-v0');
      assert.deepEqual((created[1]!.nested as { list: number[] }).list, [1, 2]);
      assert.deepEqual(spec('coretest/Shared-v0').kwargs.nested, { list: [1, 2] });
    });

    it('makes from a spec object, and spec.make() rebuilds the same stack', () => {
      const env = make(spec('CoreRegToy-v0'), { length: 3 });
      assert.deepEqual(stack(env), ['TimeLimit', 'OrderEnforcing', 'PassiveEnvChecker', 'CountEnv']);
      const again = env.spec!.make();
      assert.deepEqual(stack(again), ['TimeLimit', 'OrderEnforcing', 'PassiveEnvChecker', 'CountEnv']);
      assert.equal((again.unwrapped as CountEnv).length, 3);
    });

    it('makes the latest version of an unversioned id, with a warning', () => {
      const [env, warnings] = collectWarnings(() => make('coretest/Walker'));
      assert.equal(env.spec?.id, 'coretest/Walker-v3');
      assert.equal((env.unwrapped as CountEnv).length, 7);
      assert.deepEqual(warnings, ['Using the latest versioned environment `coretest/Walker-v3` instead of the unversioned environment `coretest/Walker`.']);
    });

    it('makes an older registered version, warning that it is out of date', () => {
      const [env, warnings] = collectWarnings(() => make('coretest/Walker-v1'));
      assert.equal(env.spec?.id, 'coretest/Walker-v1');
      assert.deepEqual(warnings, ['The environment coretest/Walker-v1 is out of date. You should consider upgrading to version `v3`.']);
    });

    it('warns when the render mode is not one the environment declares', () => {
      const [env, warnings] = collectWarnings(() => make('CoreRegToy-v0', { renderMode: 'rgb_array' }));
      assert.equal(env.renderMode, 'rgb_array');
      assert.deepEqual(warnings, ['The environment is being initialised with renderMode="rgb_array" that is not in the possible render modes (ansi).']);
      assert.deepEqual(collectWarnings(() => make('CoreRegToy-v0', { renderMode: 'ansi' }))[1], []);
    });

    it('rejects a bad kwargs object, a bad id type and an entry point that returns no Env', () => {
      assert.throws(() => make('CoreRegToy-v0', [] as never), (e: Error) => e instanceof InvalidArgument && /kwargs must be an object/.test(e.message));
      assert.throws(() => make(3 as never), (e: Error) => e instanceof InvalidArgument && /id must be an environment id string or an EnvSpec/.test(e.message));
      assert.throws(() => make('coretest/Bad-v0'), (e: Error) => e instanceof TypeError && /The entry point of coretest\/Bad-v0 must return an Env/.test(e.message));
    });
  });

  describe('lookup errors', () => {
    it('suggests a close name in the root namespace', () => {
      throwsExactly(() => make('CoreRegTo-v0'), NameNotFound, "Environment `CoreRegTo` doesn't exist. Did you mean: `CoreRegToy`?");
      throwsExactly(() => spec('coreregtoy-v0'), NameNotFound, "Environment `coreregtoy` doesn't exist. Did you mean: `CoreRegToy`?");
      assert.throws(() => make('CompletelyUnrelatedThing-v0'), (e: Error) => e instanceof NameNotFound && /doesn't exist\. Run `edgellm-gym list` to see the registered environments\.$/.test(e.message));
    });

    it('suggests a close namespace, or says how to create it', () => {
      throwsExactly(() => make('coretset/Walker-v1'), NamespaceNotFound, 'Namespace coretset not found. Did you mean: `coretest`?');
      assert.throws(() => make('zzzzzzzzzzzzzz/Walker-v1'), (e: Error) => e instanceof NamespaceNotFound && e.message.startsWith('Namespace zzzzzzzzzzzzzz not found. Register an environment in it first'));
    });

    it('suggests a close name inside a namespace', () => {
      throwsExactly(() => make('coretest/Walkr-v1'), NameNotFound, "Environment `Walkr` doesn't exist in namespace coretest. Did you mean: `Walker`?");
    });

    it('says which versions exist when the version is newer than the latest', () => {
      throwsExactly(
        () => make('coretest/Walker-v4'),
        VersionNotFound,
        'Environment version `v4` for environment `coretest/Walker` doesn\'t exist. It provides versioned environments: [ `v1`, `v3` ].',
      );
    });

    it('calls an unregistered older version deprecated and names the latest', () => {
      for (const v of [0, 2]) {
        throwsExactly(
          () => make(`coretest/Walker-v${v}`),
          DeprecatedEnv,
          `Environment version v${v} for \`coretest/Walker\` is deprecated. Please use \`coretest/Walker-v3\` instead.`,
        );
      }
    });

    it('points a versioned id at the default (unversioned) entry', () => {
      throwsExactly(
        () => make('coretest/Plain-v2'),
        DeprecatedEnv,
        'Environment version `v2` for environment `coretest/Plain` doesn\'t exist. It provides the default version `coretest/Plain`.',
      );
    });

    it('has spec() look up exact ids only, explaining a missing version', () => {
      throwsExactly(
        () => spec('coretest/Walker'),
        UnregisteredEnv,
        'No registered env with id: coretest/Walker. `Walker` is only registered with versions; use `coretest/Walker-v3` (the latest).',
      );
      throwsExactly(
        () => spec('CoreRegToy-v00'),
        UnregisteredEnv,
        'No registered env with id: CoreRegToy-v00. Did you register it, or import the package that registers it? Run `edgellm-gym list` to see the registered environments.',
      );
      assert.throws(() => spec('a/b/c'), /Malformed environment id/);
    });
  });

  describe('makeVec', () => {
    it('makes numEnvs sub-environments through make, with kwargs and wrappers in order', () => {
      const order: string[] = [];
      const venv = makeVec('CoreRegToy-v0', 3, {
        kwargs: { length: 2 },
        wrappers: [
          (e) => {
            order.push('first');
            return new RecordEpisodeStatistics(e);
          },
          (e) => {
            order.push('second');
            return e;
          },
        ],
      }) as SyncVectorEnv;
      assert.ok(venv instanceof SyncVectorEnv);
      assert.equal(venv.numEnvs, 3);
      assert.deepEqual(order, ['first', 'second', 'first', 'second', 'first', 'second']);
      assert.deepEqual(created, [{ length: 2 }, { length: 2 }, { length: 2 }]);
      assert.deepEqual(stack(venv.envs[0]!), ['RecordEpisodeStatistics', 'TimeLimit', 'OrderEnforcing', 'PassiveEnvChecker', 'CountEnv']);
      assert.equal(venv.spec?.id, 'CoreRegToy-v0');
      assert.equal(venv.metadata.autoresetMode, 'next-step');
      assert.equal(venv.toString(), '<SyncVectorEnv(CoreRegToy-v0, 3)>');
    });

    it('seeds sub-environment i with seed + i and takes the autoreset mode from vectorKwargs', () => {
      const venv = makeVec('CoreRegToy-v0', 2, { vectorKwargs: { autoresetMode: 'same-step' } }) as SyncVectorEnv;
      venv.reset({ seed: 30 });
      assert.deepEqual(venv.envs.map((e) => e.npRandomSeed), [30, 31]);
      assert.equal(venv.metadata.autoresetMode, 'same-step');
    });

    it('resolves unversioned ids like make and rejects bad arguments', () => {
      const [venv, warnings] = collectWarnings(() => makeVec('coretest/Walker', 1));
      assert.equal(venv.spec?.id, 'coretest/Walker-v3');
      assert.equal(warnings.length, 1);
      assert.throws(() => makeVec('CoreRegToy-v0', 0), /makeVec numEnvs must be a positive integer; got 0/);
      assert.throws(() => makeVec('CoreRegToy-v0', 2, { vectorizationMode: 'async' }), /use `await makeVecAsync\(id, numEnvs\)`/);
      assert.throws(() => makeVec('CoreRegToy-v0', 2, { vectorizationMode: 'threads' as never }), /vectorizationMode must be 'sync', 'vector-entry-point' \(or 'async' through makeVecAsync\); got "threads"/);
      assert.throws(() => makeVec('coretest/Walker-v9', 2), VersionNotFound);
      assert.throws(() => makeVec('CoreRegToy-v0', 2, { vectorizationMode: 'vector-entry-point' }), /CoreRegToy-v0 has no vectorEntryPoint; use vectorizationMode 'sync'/);
    });

    describe('with a vector entry point', () => {
      const calls: [Record<string, unknown>, number, Record<string, unknown>][] = [];
      before(() => {
        register({
          id: 'coretest/Batched-v0',
          entryPoint: (kwargs) => new CountEnv(kwargs as CountEnvOptions),
          vectorEntryPoint: (kwargs, n, options) => {
            calls.push([kwargs, n, { ...options }]);
            const venv = new SyncVectorEnv(Array.from({ length: n }, () => () => new CountEnv(kwargs as CountEnvOptions)), options);
            (venv as unknown as { madeBy: string }).madeBy = 'vector entry point';
            return venv;
          },
          kwargs: { length: 3 },
          maxEpisodeSteps: 7,
        });
      });
      after(() => unregister('coretest/Batched-v0'));
      beforeEach(() => (calls.length = 0));

      it('is what makeVec makes by default, with the merged kwargs, the vector options and the spec time limit', () => {
        const venv = makeVec('coretest/Batched-v0', 4, { kwargs: { step: 2 }, vectorKwargs: { autoresetMode: 'same-step', infos: false } });
        assert.equal((venv as unknown as { madeBy: string }).madeBy, 'vector entry point');
        assert.deepEqual(calls, [[{ length: 3, step: 2 }, 4, { autoresetMode: 'same-step', infos: false, maxEpisodeSteps: 7 }]]);
        assert.equal(venv.spec?.id, 'coretest/Batched-v0');
      });

      it("vectorizationMode 'sync' (or wrappers) gives the generic SyncVectorEnv over make", () => {
        const forced = makeVec('coretest/Batched-v0', 2, { vectorizationMode: 'sync' }) as SyncVectorEnv;
        assert.equal((forced as unknown as { madeBy?: string }).madeBy, undefined);
        assert.deepEqual(stack(forced.envs[0]!), ['TimeLimit', 'OrderEnforcing', 'PassiveEnvChecker', 'CountEnv']);
        const wrapped = makeVec('coretest/Batched-v0', 2, { wrappers: [(e) => new RecordEpisodeStatistics(e)] }) as SyncVectorEnv;
        assert.equal(stack(wrapped.envs[0]!)[0], 'RecordEpisodeStatistics');
        assert.equal(calls.length, 0);
        assert.throws(
          () => makeVec('coretest/Batched-v0', 2, { vectorizationMode: 'vector-entry-point', wrappers: [(e) => e] }),
          /wrappers apply to single environments, which a vector entry point does not make; use vectorizationMode 'sync'/,
        );
      });

      it('is kept by spec.with and toInit, and must be a function', () => {
        const s = spec('coretest/Batched-v0');
        assert.equal(s.with({ kwargs: {} }).vectorEntryPoint, s.vectorEntryPoint);
        assert.equal(spec('CoreRegToy-v0').vectorEntryPoint, null);
        assert.throws(() => new EnvSpec({ id: 'x/Y-v0', entryPoint: () => new CountEnv(), vectorEntryPoint: 3 as never }), /vectorEntryPoint must be a function/);
      });
    });
  });
});
