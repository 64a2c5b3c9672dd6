/**
 * Typed errors of the bridge: a stable code, a message naming what was wrong, and what to do about it.
 * @module
 */
import { GymError } from '../../src/core/errors.ts';

/** The error codes a bridge reply can carry. */
export type BridgeErrorCode =
  | 'bad_frame'
  | 'bad_request'
  | 'unknown_op'
  | 'unknown_env'
  | 'invalid_config'
  | 'invalid_action'
  | 'reset_needed'
  | 'unknown_handle'
  | 'limit_exceeded'
  | 'unauthorized'
  | 'version_mismatch'
  | 'connection_closed'
  | 'timeout'
  | 'internal';

/** The default advice for each code, sent as `error.hint` when the thrower gives none. */
export const ERROR_HINTS: Readonly<Record<BridgeErrorCode, string>> = {
  bad_frame: 'Send one binary WebSocket frame per request holding one MessagePack map, without extension types.',
  bad_request: 'Fix the named field; docs/protocol.md lists the fields of every operation.',
  unknown_op: "Use one of the operations listed in the server's hello reply (capabilities.ops).",
  unknown_env: "Use an id from the hello reply's envs list.",
  invalid_config: "Fix the named config field; the env's configSchema in the hello reply lists the accepted fields.",
  invalid_action: 'Send an element of the action space (the right dtype and shape, values within bounds, no NaN); the env state is unchanged.',
  reset_needed: 'Call reset on this handle before stepping it again.',
  unknown_handle: 'Use a handle returned by make or evaluate.start on this connection that was not closed.',
  limit_exceeded: "Stay within the server's limits (see limits in the hello reply) or start the server with larger ones.",
  unauthorized: 'Connect with the header "Authorization: Bearer <token>" carrying the token the server was started with.',
  version_mismatch: 'Use a client whose protocol major version equals the server\'s (see the hello reply).',
  connection_closed: 'Reconnect; sessions and their envs do not survive a closed connection.',
  timeout: 'Check that the server is running and reachable, or raise the client timeout.',
  internal: 'This is a bug in the server; the session stays usable. Report the message with the request that caused it.',
};

/** All codes, in a stable order. */
export const ERROR_CODES: readonly BridgeErrorCode[] = Object.keys(ERROR_HINTS) as BridgeErrorCode[];

/** The error object of a failed reply. */
export interface WireError {
  /** Stable code. */
  code: BridgeErrorCode;
  /** What went wrong. */
  message: string;
  /** What to do about it. */
  hint: string;
  /** The request field at fault, when one is. */
  field?: string;
}

/**
 * An error of the bridge, thrown by the server's handlers (and turned into an error reply) and by the
 * clients (rebuilt from an error reply).
 */
export class BridgeError extends GymError {
  declare readonly code: BridgeErrorCode;
  /** What to do about it. */
  readonly hint: string;
  /** The request field at fault, when one is. */
  readonly field: string | undefined;

  constructor(code: BridgeErrorCode, message: string, options: { hint?: string; field?: string } = {}) {
    super(message, code);
    this.hint = options.hint ?? ERROR_HINTS[code] ?? ERROR_HINTS.internal;
    this.field = options.field;
  }

  /** The reply form of the error. */
  toWire(): WireError {
    const out: WireError = { code: this.code, message: this.message, hint: this.hint };
    if (this.field !== undefined) out.field = this.field;
    return out;
  }

  /** Rebuilds an error from a reply's `error` object (tolerating a malformed one). */
  static fromWire(error: unknown): BridgeError {
    const e = (error ?? {}) as Partial<WireError>;
    const code = typeof e.code === 'string' && e.code in ERROR_HINTS ? e.code : 'internal';
    const message = typeof e.message === 'string' ? e.message : `Server replied with a malformed error: ${JSON.stringify(error)}`;
    const opts: { hint?: string; field?: string } = {};
    if (typeof e.hint === 'string') opts.hint = e.hint;
    if (typeof e.field === 'string') opts.field = e.field;
    return new BridgeError(code, message, opts);
  }
}

const GYM_CODE_MAP: Readonly<Record<string, BridgeErrorCode>> = {
  reset_needed: 'reset_needed',
  invalid_action: 'invalid_action',
  invalid_config: 'invalid_config',
  unknown_env: 'unknown_env',
  invalid_argument: 'bad_request',
  closed: 'unknown_handle',
};

/**
 * Classifies anything thrown while serving a request: bridge errors as they are, the package's own
 * errors by their code, argument errors (`TypeError`/`RangeError` from spaces and envs) as bad requests,
 * everything else as internal.
 */
export function toBridgeError(e: unknown): BridgeError {
  if (e instanceof BridgeError) return e;
  if (e instanceof GymError) {
    const code = GYM_CODE_MAP[e.code] ?? 'internal';
    const fields = (e as GymError & { fields?: string[] }).fields;
    return new BridgeError(code, e.message, fields !== undefined && fields.length > 0 ? { field: fields.join(', ') } : {});
  }
  if (e instanceof TypeError || e instanceof RangeError) return new BridgeError('bad_request', e.message);
  const message = e instanceof Error ? `${e.name}: ${e.message}` : `Non-error thrown: ${String(e)}`;
  return new BridgeError('internal', message);
}
