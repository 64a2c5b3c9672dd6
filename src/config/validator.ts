/**
 * JSON Schema validation of user-facing configuration with ajv: schemas are compiled once, and failures
 * become an {@link InvalidConfig} error whose message names every offending field and how to fix it.
 * @module
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { InvalidConfig } from '../core/errors.ts';

let shared: Ajv | undefined;

/**
 * The shared ajv instance (all errors reported, strict schemas, no type coercion), made on first use:
 * ajv (about 80 files) loads only when a schema is first compiled, not when the package is imported.
 */
export function sharedAjv(): Ajv {
  if (shared === undefined) {
    const Ajv = loadAjv();
    shared = new Ajv({ allErrors: true, strict: true, coerceTypes: false, useDefaults: false, verbose: true });
  }
  return shared;
}

/** The ajv class, loaded synchronously on first call (ajv is a CommonJS package). */
export function loadAjv(): typeof Ajv {
  const mod = createRequire(import.meta.url)('ajv') as { default?: typeof Ajv; Ajv?: typeof Ajv };
  return (mod.default ?? mod.Ajv ?? (mod as unknown as typeof Ajv));
}

function fieldOf(e: ErrorObject, root: string): string {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')) // JSON-pointer escapes
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('');
  return `${root}${path}`;
}

/** Turns ajv errors into one readable sentence per problem. */
export function describeErrors(errors: readonly ErrorObject[], root: string): { messages: string[]; fields: string[] } {
  const messages: string[] = [];
  const fields: string[] = [];
  for (const e of errors) {
    let field = fieldOf(e, root);
    let text: string;
    switch (e.keyword) {
      case 'additionalProperties': {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        field = `${field}.${extra}`;
        const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        text = `${field} is not a known field; remove it` + (allowed.length ? ` (known fields: ${allowed.join(', ')})` : '');
        break;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const p = e.params as { comparison: string; limit: number };
        text = `${field} must be ${p.comparison} ${p.limit}`;
        break;
      }
      case 'type':
        text = `${field} must be of type ${(e.params as { type: string }).type}`;
        break;
      case 'enum':
        text = `${field} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'required':
        field = `${field}.${(e.params as { missingProperty: string }).missingProperty}`;
        text = `${field} is required`;
        break;
      default:
        text = `${field} ${e.message ?? 'is invalid'}`;
    }
    if (e.keyword !== 'additionalProperties' && e.keyword !== 'required' && e.data !== undefined) {
      text += ` (got ${showValue(e.data)})`;
    }
    if (!messages.includes(text)) {
      messages.push(text);
      fields.push(field);
    }
  }
  return { messages, fields };
}

/**
 * A value as error messages show it: JSON, except that non-finite numbers read as themselves (`NaN`,
 * `Infinity`, `-Infinity`) instead of JSON's `null`, and long values are shortened.
 */
export function showValue(v: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? `\u0000${String(x)}\u0000` : x));
  } catch {
    text = undefined;
  }
  if (text === undefined) return String(v);
  text = text.replace(/"\\u0000(NaN|Infinity|-Infinity)\\u0000"/g, '$1');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Compiles `schema` once and returns a function that returns its input typed as `T` when it is valid and
 * throws {@link InvalidConfig} otherwise.
 *
 * @example
 * ```ts
 * const schema = { type: 'object', properties: { agents: { type: 'integer', minimum: 1 } }, additionalProperties: false };
 * const check = compileValidator<{ agents: number }>(schema, 'EdgeLLM config');
 * check({ agents: 12 }); // { agents: 12 }, typed
 * try {
 *   check({ agents: 0 });
 * } catch (e) {
 *   console.log((e as InvalidConfig).message); // names config.agents and the bound it breaks
 * }
 * ```
 */
export function compileValidator<T>(schema: object, what: string, root = 'config'): (value: unknown) => T {
  const validate: ValidateFunction = sharedAjv().compile(schema);
  return (value: unknown): T => {
    if (validate(value)) return value as T;
    const { messages, fields } = describeErrors(validate.errors ?? [], root);
    throw new InvalidConfig(`Invalid ${what}: ${messages.join('; ')}.`, fields);
  };
}

/**
 * {@link compileValidator}, compiled on the first check instead of at once: for the package's own
 * schemas, so that importing a module that declares a validator compiles nothing (the light entry point).
 *
 * @example
 * ```ts
 * const schema = { type: 'object', properties: { agents: { type: 'integer', minimum: 1 } }, required: ['agents'] };
 * const validate = lazyValidator<{ agents: number }>(schema, 'EdgeLLM config'); // nothing compiled yet
 * validate({ agents: 3 }); // compiles, then checks
 * ```
 */
export function lazyValidator<T>(schema: object, what: string, root = 'config'): (value: unknown) => T {
  let validate: ((value: unknown) => T) | undefined;
  const emptyIsValid = acceptsEmptyObject(schema);
  return (value: unknown): T => {
    // nothing to check in `{}` against a schema that accepts it: the common `new Env()` compiles nothing
    if (emptyIsValid && isEmptyPlainObject(value)) return value as T;
    return (validate ??= compileValidator<T>(schema, what, root))(value);
  };
}

/**
 * Whether `schema` accepts the empty object `{}` by its top level alone: an object schema without required
 * properties, a minimum property count or combinators (the property schemas do not apply to `{}`).
 */
export function acceptsEmptyObject(schema: object): boolean {
  const s = schema as Record<string, unknown>;
  if (s.type !== 'object') return false;
  if (Array.isArray(s.required) && s.required.length > 0) return false;
  if (typeof s.minProperties === 'number' && s.minProperties > 0) return false;
  return !['allOf', 'anyOf', 'oneOf', 'not', 'if', '$ref', 'dependentRequired', 'dependentSchemas', 'dependencies', 'enum', 'const'].some((k) => k in s);
}

function isEmptyPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const _ in value) return false;
  return Object.getOwnPropertySymbols(value).length === 0;
}
