import { strict as assert } from 'node:assert';
import { acceptsEmptyObject, compileValidator, describeErrors, lazyValidator, showValue } from '../../../src/config/validator.ts';
import { InvalidConfig } from '../../../src/core/errors.ts';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['agents'],
  properties: {
    agents: { type: 'integer', minimum: 1 },
    rate: { type: 'number', exclusiveMinimum: 0, maximum: 10 },
    mode: { enum: ['static', 'shift'] },
    items: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, properties: { x: { type: 'number' } } },
    },
  },
};

interface Config {
  agents: number;
  rate?: number;
  mode?: string;
  items?: { x?: number }[];
}

function invalid(fn: () => unknown): InvalidConfig {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InvalidConfig, String(e));
    return e;
  }
  throw new Error('expected an InvalidConfig');
}

describe('src/config/validator', () => {
  const check = compileValidator<Config>(schema, 'toy config');

  it('returns a valid value unchanged (no coercion, no defaults)', () => {
    const value = { agents: 2, rate: 0.5, mode: 'shift', items: [{ x: 1 }] };
    assert.equal(check(value), value);
    assert.deepEqual(value, { agents: 2, rate: 0.5, mode: 'shift', items: [{ x: 1 }] });
    assert.equal(invalid(() => check({ agents: '2' })).message, 'Invalid toy config: config.agents must be of type integer (got "2").');
  });

  it('names every offending field, with the fix, in one message', () => {
    const e = invalid(() => check({ agents: 0, rate: 0, mode: 'wild', extra: true }));
    assert.equal(
      e.message,
      'Invalid toy config: config.extra is not a known field; remove it (known fields: agents, rate, mode, items); ' +
        'config.agents must be >= 1 (got 0); config.rate must be > 0 (got 0); config.mode must be one of "static", "shift" (got "wild").',
    );
    assert.deepEqual(e.fields, ['config.extra', 'config.agents', 'config.rate', 'config.mode']);
    assert.equal(e.code, 'invalid_config');
  });

  it('reports missing required fields and paths into arrays', () => {
    assert.equal(invalid(() => check({})).message, 'Invalid toy config: config.agents is required.');
    const e = invalid(() => check({ agents: 1, items: [{ x: 1 }, { x: 'one' }, { y: 2 }] }));
    assert.equal(
      e.message,
      'Invalid toy config: config.items[1].x must be of type number (got "one"); config.items[2].y is not a known field; remove it (known fields: x).',
    );
    assert.deepEqual(e.fields, ['config.items[1].x', 'config.items[2].y']);
  });

  it('unescapes JSON-pointer segments in field names', () => {
    const check = compileValidator<Record<string, number>>(
      { type: 'object', additionalProperties: { type: 'number' } },
      'rates',
    );
    assert.equal(invalid(() => check({ 'a/b~c': 'x' as never })).message, 'Invalid rates: config.a/b~c must be of type number (got "x").');
  });

  it('uses the given root name and reports each message once', () => {
    const named = compileValidator<Config>(schema, 'toy config', 'kwargs');
    assert.match(invalid(() => named({ agents: 11, rate: 11 })).message, /^Invalid toy config: kwargs.rate must be <= 10 \(got 11\)\.$/);
    const dup = describeErrors(
      [
        { keyword: 'type', instancePath: '/a', schemaPath: '#', params: { type: 'number' }, data: 'x' },
        { keyword: 'type', instancePath: '/a', schemaPath: '#', params: { type: 'number' }, data: 'x' },
      ],
      'cfg',
    );
    assert.deepEqual(dup, { messages: ['cfg.a must be of type number (got "x")'], fields: ['cfg.a'] });
  });

  it('rejects a schema that strict mode does not accept', () => {
    assert.throws(() => compileValidator({ type: 'object', properties: { a: { type: 'number', madeUp: 1 } } }, 'bad'), /strict mode|unknown keyword/);
  });

  it('shows non-finite numbers as themselves, not as JSON null', () => {
    assert.equal(showValue(NaN), 'NaN');
    assert.equal(showValue([1, -Infinity, { a: Infinity }]), '[1,-Infinity,{"a":Infinity}]');
    assert.equal(showValue('NaN'), '"NaN"');
    assert.equal(showValue(null), 'null');
    assert.match(showValue('x'.repeat(500)), /…$/);
  });

  it('lazyValidator passes an empty object without compiling when the schema accepts it by its top level, and checks everything else', () => {
    const schema = { type: 'object', properties: { agents: { type: 'integer', minimum: 1 } }, additionalProperties: false };
    assert.equal(acceptsEmptyObject(schema), true);
    assert.equal(acceptsEmptyObject({ ...schema, required: ['agents'] }), false);
    assert.equal(acceptsEmptyObject({ ...schema, minProperties: 1 }), false);
    assert.equal(acceptsEmptyObject({ ...schema, anyOf: [{ required: ['agents'] }] }), false);
    assert.equal(acceptsEmptyObject({ type: 'array' }), false);
    const check = lazyValidator<{ agents?: number }>(schema, 'test config');
    const empty = {};
    assert.equal(check(empty), empty);
    assert.throws(() => check({ agents: 0 }), /config\.agents must be >= 1/);
    assert.throws(() => check([]), /must be of type object/);
    assert.throws(() => check(Object.assign(Object.create({ agents: 0 }) as object, {})), /must be of type object|agents/);
    // the same verdicts as the compiled schema wherever the shortcut applies
    const strict = lazyValidator<object>({ ...schema, required: ['agents'] }, 'test config');
    assert.throws(() => strict({}), /config\.agents is required/);
  });
});
