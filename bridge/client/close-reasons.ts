/**
 * Turning the ways a connection ends or is refused into `BridgeError`s with a useful message.
 * @module
 */
import { BridgeError, type BridgeErrorCode, ERROR_HINTS } from '../protocol/error-codes.ts';

const CLOSE_MEANINGS: Record<number, [BridgeErrorCode, string]> = {
  1001: ['connection_closed', 'the server is shutting down'],
  1006: ['connection_closed', 'the connection dropped without a close frame'],
  1008: ['connection_closed', 'the server refused the traffic (policy violation)'],
  1009: ['limit_exceeded', "a frame exceeded the server's maxPayload; send smaller batches or start the server with a larger maxPayload"],
  4002: ['version_mismatch', 'the protocol versions are incompatible'],
  4008: ['connection_closed', 'the session was idle for longer than the server idleTimeoutMs'],
  4009: ['limit_exceeded', 'the client did not read its replies fast enough (maxBufferedBytes)'],
  4010: ['connection_closed', 'the client answered no heartbeat ping'],
};

/** The error that pending and later requests fail with once the connection closed with `code`. */
export function closeError(code: number, reason: string): BridgeError {
  const [errCode, meaning] = CLOSE_MEANINGS[code] ?? ['connection_closed', 'the connection closed'];
  const detail = reason !== '' ? `: ${reason}` : '';
  return new BridgeError(errCode, `Connection closed (code ${code}${detail}); ${meaning}.`, { hint: ERROR_HINTS.connection_closed });
}

/** The error of an upgrade the server refused with an HTTP status (401 token, 403 origin, 503 full). */
export function refusalError(status: number, body: string): BridgeError {
  let parsed: { code?: string; message?: string; hint?: string } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // Not JSON: fall back on the status.
  }
  const code: BridgeErrorCode =
    parsed.code !== undefined && parsed.code in ERROR_HINTS
      ? (parsed.code as BridgeErrorCode)
      : status === 401 || status === 403
        ? 'unauthorized'
        : status === 503
          ? 'limit_exceeded'
          : 'connection_closed';
  const message = `The server refused the connection (HTTP ${status}): ${parsed.message ?? (body.slice(0, 200) || 'no details')}`;
  return new BridgeError(code, message, parsed.hint !== undefined ? { hint: parsed.hint } : {});
}
