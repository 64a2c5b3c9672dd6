/**
 * The operations of the protocol: one function per op, taking the session and the validated request and
 * returning the reply's fields (or throwing a `BridgeError`, which the session turns into an error reply).
 * @module
 */
import { checkAutoresetMode } from '../../src/vector/autoreset-mode.ts';
import { packageInfo } from '../../src/utils/run-metadata.ts';
import { BridgeError } from '../protocol/error-codes.ts';
import { OPS, type Request } from '../protocol/messages.ts';
import { PROTOCOL_VERSION, atLeast, isCompatible, parseVersion } from '../protocol/version.ts';
import { WIRE_DTYPES } from '../protocol/array-codec.ts';
import { EnvHandle, VectorHandle } from './handles.ts';
import { EvaluationHandle } from './evaluation.ts';
import { ParallelHandle } from './parallel-handle.ts';
import { makeParallel } from '../../src/parallel/parallel-registry.ts';
import type { Session } from './session.ts';

function hello(session: Session, req: Extract<Request, { op: 'hello' }>): Record<string, unknown> {
  const client = parseVersion(req.protocol);
  if (client === null) {
    throw new BridgeError('bad_request', `request.protocol must be a version such as "${PROTOCOL_VERSION}"; got ${JSON.stringify(req.protocol)}.`, { field: 'request.protocol' });
  }
  if (!isCompatible(client)) {
    throw new BridgeError(
      'version_mismatch',
      `Client speaks protocol ${req.protocol} but this server speaks ${PROTOCOL_VERSION}; the major versions must match.`,
      { hint: `Use a client for protocol ${PROTOCOL_VERSION.split('.')[0]}.x (this package's bridge/client or bridge/python at the server's version).` },
    );
  }
  session.helloDone = true;
  session.clientName = req.client ?? '';
  session.clientProtocol = client;
  const o = session.ctx.options;
  const pkg = packageInfo();
  return {
    protocol: PROTOCOL_VERSION,
    server: `${pkg.name}/${pkg.version}`,
    session: session.id,
    capabilities: { ops: [...OPS], autoresetModes: ['next-step', 'same-step', 'disabled'], arrayDTypes: [...WIRE_DTYPES] },
    limits: {
      maxPayload: o.maxPayload,
      maxSessions: o.maxSessions,
      maxEnvsPerSession: o.maxEnvsPerSession,
      maxHandlesPerSession: o.maxHandlesPerSession,
      maxCostPerSession: o.maxCostPerSession,
      inlineMaxEnvs: o.workers > 0 && o.inlineMaxEnvs > 0 ? o.inlineMaxEnvs : null,
      helloTimeoutMs: o.helloTimeoutMs,
      idleTimeoutMs: o.idleTimeoutMs,
      evalEpisodes: o.evalEpisodes,
    },
    envs: session.ctx.envListing(),
    parallelEnvs: session.ctx.parallelEnvListing(),
  };
}

function makeOp(session: Session, req: Extract<Request, { op: 'make' }>): Record<string, unknown> {
  const spec = session.ctx.spec(req.env);
  const config = req.config ?? {};
  session.ctx.checkConfig(spec, config);
  const n = req.numEnvs;
  if (n === undefined && req.autoreset !== undefined) {
    throw new BridgeError('bad_request', 'request.autoreset applies to vector handles only; give numEnvs too or leave autoreset out.', { field: 'request.autoreset' });
  }
  const autoreset = n === undefined ? null : checkAutoresetMode(req.autoreset ?? 'next-step');
  const count = n ?? 1;
  const cost = count * spec.cost(config);
  session.reserve(count, cost);
  const common = { config, cost, infos: req.infos ?? true, ...(req.maxEpisodeSteps !== undefined ? { maxEpisodeSteps: req.maxEpisodeSteps } : {}) };
  let handle: EnvHandle | VectorHandle;
  try {
    handle =
      n === undefined
        ? new EnvHandle(spec, common)
        : new VectorHandle(spec, { ...common, numEnvs: n, autoreset: autoreset!, boolArrays: atLeast(session.clientProtocol, 1, 2) });
  } catch (e) {
    session.release(count, cost);
    throw e;
  }
  return { handle: session.addHandle(handle), ...handle.describe() };
}

function reset(session: Session, req: Extract<Request, { op: 'reset' }>): Record<string, unknown> {
  const h = session.getHandle(req.handle);
  if (h instanceof EvaluationHandle) {
    throw new BridgeError('bad_request', 'Evaluation handles cannot be reset: the server chooses the seeds and resets between episodes itself.', { field: 'request.handle' });
  }
  if (h instanceof ParallelHandle) throw new BridgeError('bad_request', 'Reset a parallel handle with parallel.reset.', { field: 'request.op' });
  return (h as EnvHandle | VectorHandle).reset(req.seed, req.options);
}

function step(session: Session, req: Extract<Request, { op: 'step' }>): Record<string, unknown> {
  const h = session.getHandle(req.handle);
  if (h instanceof EvaluationHandle) {
    throw new BridgeError('bad_request', 'Step an evaluation handle with evaluate.step.', { field: 'request.op' });
  }
  if (h instanceof ParallelHandle) throw new BridgeError('bad_request', 'Step a parallel handle with parallel.step, its actions keyed by agent.', { field: 'request.op' });
  return (h as EnvHandle | VectorHandle).step(req.action);
}

function render(session: Session, req: Extract<Request, { op: 'render' }>): Record<string, unknown> {
  const h = session.getHandle(req.handle);
  if (h instanceof EvaluationHandle) throw new BridgeError('bad_request', 'render is available for env and vector handles, not evaluations.', { field: 'request.handle' });
  return (h as EnvHandle | VectorHandle | ParallelHandle).render();
}

function close(session: Session, req: Extract<Request, { op: 'close' }>): Record<string, unknown> {
  session.getHandle(req.handle);
  session.dropHandle(req.handle);
  return { closed: true };
}

function evaluateStart(session: Session, req: Extract<Request, { op: 'evaluate.start' }>): Record<string, unknown> {
  const spec = session.ctx.spec(req.env);
  const cost = spec.cost({});
  session.reserve(1, cost);
  const ctx = session.ctx;
  let handle: EvaluationHandle;
  try {
    handle = new EvaluationHandle(spec, {
      cost,
      agent: req.agent,
      episodes: ctx.options.evalEpisodes,
      resultsDir: ctx.options.resultsDir,
      onFinished: (s) => {
        ctx.counters.add('evaluations', 1);
        ctx.log.info('evaluation finished', { session: session.id, ...s });
      },
    });
  } catch (e) {
    session.release(1, cost);
    throw e;
  }
  const id = session.addHandle(handle);
  return { handle: id, ...handle.start() };
}

function evaluateStep(session: Session, req: Extract<Request, { op: 'evaluate.step' }>): Record<string, unknown> {
  const h = session.getHandle(req.handle);
  if (!(h instanceof EvaluationHandle)) throw new BridgeError('bad_request', 'evaluate.step needs a handle from evaluate.start.', { field: 'request.handle' });
  const reply = h.step(req.action);
  if (h.done) session.dropHandle(req.handle);
  return reply;
}

function parallelMake(session: Session, req: Extract<Request, { op: 'parallel.make' }>): Record<string, unknown> {
  const spec = session.ctx.parallelSpec(req.env);
  const config = req.config ?? {};
  session.ctx.checkConfig(spec, config);
  const cost = spec.cost(config);
  session.reserve(1, cost);
  let handle: ParallelHandle;
  try {
    handle = new ParallelHandle(makeParallel(spec, config), { cost, infos: req.infos ?? true });
  } catch (e) {
    session.release(1, cost);
    throw e;
  }
  return { handle: session.addHandle(handle), ...handle.describe() };
}

function parallelHandle(session: Session, id: number, op: string): ParallelHandle {
  const h = session.getHandle(id);
  if (!(h instanceof ParallelHandle)) {
    throw new BridgeError('bad_request', `${op} needs a handle from parallel.make; handle ${id} is a${h.kind === 'env' ? 'n env' : ` ${h.kind}`} handle.`, { field: 'request.handle' });
  }
  return h;
}

function parallelReset(session: Session, req: Extract<Request, { op: 'parallel.reset' }>): Record<string, unknown> {
  return parallelHandle(session, req.handle, 'parallel.reset').reset(req.seed, req.options);
}

function parallelStep(session: Session, req: Extract<Request, { op: 'parallel.step' }>): Record<string, unknown> {
  return parallelHandle(session, req.handle, 'parallel.step').step(req.actions);
}

/**
 * Serves one validated request.
 * @throws {BridgeError} (or the package's errors, classified by the session) when the request fails.
 */
export function handleRequest(session: Session, req: Request): Record<string, unknown> {
  switch (req.op) {
    case 'hello':
      return hello(session, req);
    case 'make':
      return makeOp(session, req);
    case 'reset':
      return reset(session, req);
    case 'step':
      return step(session, req);
    case 'render':
      return render(session, req);
    case 'close':
      return close(session, req);
    case 'evaluate.start':
      return evaluateStart(session, req);
    case 'evaluate.step':
      return evaluateStep(session, req);
    case 'parallel.make':
      return parallelMake(session, req);
    case 'parallel.reset':
      return parallelReset(session, req);
    case 'parallel.step':
      return parallelStep(session, req);
    case 'ping':
      return { payload: req.payload ?? null };
  }
}
