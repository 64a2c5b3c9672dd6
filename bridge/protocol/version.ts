/**
 * The bridge protocol's semantic version and the compatibility rule between a client and a server.
 * @module
 */

/** Protocol version spoken by this package (`MAJOR.MINOR.PATCH`). */
export const PROTOCOL_VERSION = '1.2.0';

/** A parsed semantic version. */
export interface ProtocolVersion {
  major: number;
  minor: number;
  patch: number;
}

/**
 * Parses `MAJOR.MINOR.PATCH` (a missing minor or patch counts as 0).
 * @returns `null` when `text` is not a version.
 */
export function parseVersion(text: unknown): ProtocolVersion | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{1,6})(?:\.(\d{1,6}))?(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (m === null) return null;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0) };
}

/**
 * Compatibility of a client's protocol version with ours: the major versions must be equal. Minor
 * versions only add optional fields and operations, which both sides ignore or refuse cleanly.
 */
export function isCompatible(client: ProtocolVersion, server: ProtocolVersion = parseVersion(PROTOCOL_VERSION)!): boolean {
  return client.major === server.major;
}

/**
 * Whether a client of protocol `client` reads what minor version `major.minor` added (same major, minor at
 * least `minor`). The server sends a newer form of a reply only to clients that said they read it.
 *
 * @example
 * ```ts
 * atLeast(parseVersion('1.2.0')!, 1, 2); // true
 * atLeast(parseVersion('1.1.0')!, 1, 2); // false
 * ```
 */
export function atLeast(client: ProtocolVersion, major: number, minor: number): boolean {
  return client.major === major && client.minor >= minor;
}
