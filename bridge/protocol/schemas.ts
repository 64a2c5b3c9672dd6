/**
 * JSON Schemas of every request, compiled once with ajv. The server checks each decoded request against
 * the schema of its op before handling it; a failure names the field and becomes a `bad_request` reply.
 * @module
 */
import type { ValidateFunction } from 'ajv';
import { describeErrors, sharedAjv } from '../../src/config/validator.ts';
import { BridgeError } from './error-codes.ts';
import { OPS, type Op, type Request } from './messages.ts';

const id = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const handle = { type: 'integer', minimum: 0, maximum: 2 ** 31 - 1 } as const;
const seed = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const envId = { type: 'string', minLength: 1, maxLength: 200 } as const;
/** Most agents a `parallel.step` may name. */
export const MAX_AGENTS = 4096;
/** Longest agent name a `parallel.step` may use. */
export const MAX_AGENT_NAME = 200;

function op(name: Op, properties: Record<string, object>, required: string[] = []): object {
  return {
    type: 'object',
    properties: { id, op: { const: name }, ...properties },
    required: ['id', 'op', ...required],
    additionalProperties: false,
  };
}

/** The JSON Schema of each request, by op. */
export const REQUEST_SCHEMAS: Readonly<Record<Op, object>> = {
  hello: op('hello', { protocol: { type: 'string', maxLength: 32 }, client: { type: 'string', maxLength: 200 } }, ['protocol']),
  make: op(
    'make',
    {
      env: envId,
      config: { type: 'object' },
      numEnvs: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      autoreset: { enum: ['next-step', 'same-step', 'disabled'] },
      maxEpisodeSteps: { type: ['integer', 'null'], minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
      infos: { type: 'boolean' },
    },
    ['env'],
  ),
  reset: op(
    'reset',
    {
      handle,
      seed: { anyOf: [seed, { type: 'array', maxItems: 1_000_000, items: { anyOf: [seed, { type: 'null' }] } }] },
      options: { type: 'object' },
    },
    ['handle'],
  ),
  step: op('step', { handle, action: {} }, ['handle', 'action']),
  render: op('render', { handle }, ['handle']),
  close: op('close', { handle }, ['handle']),
  'evaluate.start': op(
    'evaluate.start',
    { env: envId, agent: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._:+()-]*$' } },
    ['env', 'agent'],
  ),
  'evaluate.step': op('evaluate.step', { handle, action: {} }, ['handle', 'action']),
  'parallel.make': op('parallel.make', { env: envId, config: { type: 'object' }, infos: { type: 'boolean' } }, ['env']),
  'parallel.reset': op('parallel.reset', { handle, seed, options: { type: 'object' } }, ['handle']),
  'parallel.step': op(
    'parallel.step',
    { handle, actions: { type: 'object', maxProperties: MAX_AGENTS, propertyNames: { type: 'string', maxLength: MAX_AGENT_NAME } } },
    ['handle', 'actions'],
  ),
  ping: op('ping', { payload: {} }),
};

const ENVELOPE_SCHEMA = {
  type: 'object',
  properties: { id, op: { type: 'string', maxLength: 64 } },
  required: ['id', 'op'],
};

// Compiled on the first request checked, so that importing the package compiles nothing.
let compiled: { envelope: ValidateFunction; validators: Map<string, ValidateFunction> } | undefined;
const schemas = () =>
  (compiled ??= {
    envelope: sharedAjv().compile(ENVELOPE_SCHEMA),
    validators: new Map<string, ValidateFunction>(OPS.map((name) => [name, sharedAjv().compile(REQUEST_SCHEMAS[name])])),
  });

function fail(validate: ValidateFunction, root: string): never {
  const { messages, fields } = describeErrors(validate.errors ?? [], root);
  const opts = fields.length > 0 ? { field: fields.join(', ') } : {};
  throw new BridgeError('bad_request', `Invalid request: ${messages.join('; ')}.`, opts);
}

/**
 * Compiles the request schemas now rather than on the first request (a server calls it when it starts
 * serving, so that no session's first request pays for it).
 */
export function prepareRequestSchemas(): void {
  schemas();
}

/** The `id` of a decoded frame when it has a valid one, else `null` (used to address error replies). */
export function requestIdOf(frame: unknown): number | null {
  if (frame === null || typeof frame !== 'object') return null;
  const v = (frame as { id?: unknown }).id;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
}

/**
 * Checks a decoded frame against the envelope and its op's schema.
 * @throws {BridgeError} `bad_request` naming the field, or `unknown_op` listing the known ones.
 */
export function validateRequest(frame: unknown): Request {
  if (frame === null || typeof frame !== 'object' || Array.isArray(frame) || ArrayBuffer.isView(frame)) {
    throw new BridgeError('bad_request', 'A request must be a msgpack map with at least "id" and "op".');
  }
  const { envelope, validators } = schemas();
  if (!envelope(frame)) fail(envelope, 'request');
  const name = (frame as { op: string }).op;
  const validate = validators.get(name);
  if (validate === undefined) {
    throw new BridgeError('unknown_op', `Unknown op ${JSON.stringify(name)}; known ops are ${OPS.join(', ')}.`, { field: 'request.op' });
  }
  if (!validate(frame)) fail(validate, 'request');
  return frame as Request;
}
