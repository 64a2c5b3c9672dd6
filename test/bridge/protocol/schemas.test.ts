import { strict as assert } from 'node:assert';
import { REQUEST_SCHEMAS, requestIdOf, validateRequest } from '../../../bridge/protocol/schemas.ts';
import { BridgeError } from '../../../bridge/protocol/error-codes.ts';
import { OPS } from '../../../bridge/protocol/messages.ts';

const fails = (frame: unknown, code: string, pattern: RegExp): void =>
  assert.throws(() => validateRequest(frame), (e: unknown) => e instanceof BridgeError && e.code === code && pattern.test(e.message));

describe('bridge/protocol/schemas', () => {
  it('has a schema for every op', () => {
    assert.deepEqual(Object.keys(REQUEST_SCHEMAS).sort(), [...OPS].sort());
  });

  it('accepts well-formed requests', () => {
    const ok = [
      { id: 0, op: 'hello', protocol: '1.0.0', client: 'x' },
      { id: 1, op: 'make', env: 'EdgeLLM-v0', config: { agents: 4 }, numEnvs: 8, autoreset: 'same-step', maxEpisodeSteps: null, infos: false },
      { id: 2, op: 'reset', handle: 1, seed: [1, null, 3], options: { reset_mask: [true, false, true] } },
      { id: 3, op: 'step', handle: 1, action: { cache: new Int8Array(2), local: new Float32Array(2) } },
      { id: 4, op: 'render', handle: 1 },
      { id: 5, op: 'close', handle: 1 },
      { id: 6, op: 'evaluate.start', env: 'EdgeLLM-v0', agent: 'my-agent_1.0' },
      { id: 7, op: 'evaluate.step', handle: 2, action: 3 },
      { id: 8, op: 'ping' },
      { id: 9, op: 'parallel.make', env: 'EdgeLLMMulti-v0', config: { servers: 4 }, infos: false },
      { id: 10, op: 'parallel.reset', handle: 3, seed: 7, options: { split: 'train' } },
      { id: 11, op: 'parallel.step', handle: 3, actions: { es0: { cache: new Int8Array(2) }, es1: 2 } },
    ];
    for (const f of ok) assert.equal(validateRequest(f), f);
  });

  it('names the field and the rule of a bad request', () => {
    fails({ op: 'hello' }, 'bad_request', /request.id is required/);
    fails({ id: -1, op: 'ping' }, 'bad_request', /request.id must be >= 0/);
    fails({ id: 1, op: 'make' }, 'bad_request', /request.env is required/);
    fails({ id: 1, op: 'make', env: 'E', numEnvs: 0 }, 'bad_request', /request.numEnvs must be >= 1/);
    fails({ id: 1, op: 'make', env: 'E', autoreset: 'sometimes' }, 'bad_request', /request.autoreset must be one of/);
    fails({ id: 1, op: 'make', env: 'E', extra: 1 }, 'bad_request', /request.extra is not a known field/);
    fails({ id: 1, op: 'reset', handle: 'x' }, 'bad_request', /request.handle must be of type integer/);
    fails({ id: 1, op: 'reset', handle: 1, seed: -5 }, 'bad_request', /request.seed/);
    fails({ id: 1, op: 'step', handle: 1 }, 'bad_request', /request.action is required/);
    fails({ id: 1, op: 'evaluate.start', env: 'E', agent: '../etc' }, 'bad_request', /request.agent must match pattern/);
    fails({ id: 1, op: 'parallel.make', env: '' }, 'bad_request', /request.env must NOT have fewer than 1 characters/);
    fails({ id: 1, op: 'parallel.reset', handle: 1, seed: [1] }, 'bad_request', /request.seed must be of type integer/);
    fails({ id: 1, op: 'parallel.step', handle: 1 }, 'bad_request', /request.actions is required/);
    fails({ id: 1, op: 'parallel.step', handle: 1, action: {} }, 'bad_request', /request.action is not a known field/);
    fails({ id: 1, op: 'parallel.step', handle: 1, actions: 'all' }, 'bad_request', /request.actions must be of type object/);
    fails({ id: 1, op: 'launch' }, 'unknown_op', /known ops are hello, make/);
    fails([1, 2], 'bad_request', /msgpack map/);
    fails(new Float32Array(2), 'bad_request', /msgpack map/);
  });

  it('reads the id of a frame for error replies', () => {
    assert.equal(requestIdOf({ id: 5 }), 5);
    assert.equal(requestIdOf({ id: 'x' }), null);
    assert.equal(requestIdOf({ id: 1.5 }), null);
    assert.equal(requestIdOf(null), null);
  });
});
