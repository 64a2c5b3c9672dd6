/**
 * Admission checks at the HTTP upgrade: the bearer token (compared in constant time) and the browser
 * origin (a page on another site must not drive a loopback server).
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/**
 * `true` when no token is configured, or when the request carries `Authorization: Bearer <token>`.
 */
export function isAuthorized(req: IncomingMessage, token: string | null): boolean {
  if (token === null) return true;
  const header = req.headers.authorization;
  if (typeof header !== 'string') return false;
  const m = /^Bearer[ ]+(.+)$/i.exec(header.trim());
  if (m === null) return false;
  return timingSafeEqual(digest(m[1]!), digest(token));
}

/**
 * `true` when the request has no `Origin` header (programs), an origin whose host equals the `Host`
 * header (same-site tools), or an origin in `allowed`.
 */
export function isOriginAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || origin === '') return true;
  if (allowed.includes(origin) || allowed.includes('*')) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
