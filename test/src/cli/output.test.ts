import { strict as assert } from 'node:assert';
import { jsonObject, nonNegativeInt, optionError, positiveInt, positiveNumber } from '../../../src/cli/output.ts';

describe('cli/output option parsers', () => {
  it('parse good values', () => {
    assert.equal(positiveInt('--n')('3'), 3);
    assert.equal(nonNegativeInt('--seed')('0'), 0);
    assert.equal(positiveNumber('--s')('0.5'), 0.5);
    assert.deepEqual(jsonObject('--config')('{"agents": 12}'), { agents: 12 });
  });

  it('reject bad values with an error both runAction and commander report in one line with exit code 2', () => {
    const cases: [() => unknown, string][] = [
      [() => positiveInt('--n')('x'), "--n must be a positive integer; got 'x'."],
      [() => nonNegativeInt('--seed')('-1'), "--seed must be a non-negative integer; got '-1'."],
      [() => positiveNumber('--s')('0'), "--s must be a positive number; got '0'."],
      [() => jsonObject('--config')('[1]'), `--config must be a JSON object such as '{"agents": 12}'.`],
    ];
    for (const [fn, message] of cases) {
      assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof TypeError);
        assert.equal(e.message, message);
        assert.deepEqual([(e as { code?: string }).code, (e as { exitCode?: number }).exitCode], ['commander.invalidArgument', 2]);
        return true;
      });
    }
    assert.ok(optionError('x') instanceof TypeError);
  });
});
