/**
 * The remote training bridge: server, clients and protocol. See docs/protocol.md.
 * @module
 */
export { startServer } from './server/server.ts';
export type { BridgeServer } from './server/server.ts';
export { startServerThread } from './server/server-thread.ts';
export type { ServerThread, ServerThreadOptions } from './server/server-thread.ts';
export { DEFAULT_SERVER_OPTIONS, SERVER_OPTIONS_SCHEMA, resolveServerOptions } from './server/options.ts';
export type { ServerOptions, ResolvedServerOptions } from './server/options.ts';
export { installShutdownHandlers } from './server/shutdown.ts';
export { createLogger, LOG_LEVELS } from './server/logger.ts';
export type { Logger, LogLevel } from './server/logger.ts';
export type { ServerStats } from './server/context.ts';
export { CLOSE_CODES } from './server/session.ts';
export { Connection } from './client/connection.ts';
export { SyncConnection } from './client/sync-connection.ts';
export type { Channel, SyncChannel, ConnectOptions } from './client/channel.ts';
export { RemoteEnv } from './client/remote-env.ts';
export type { RemoteEnvOptions } from './client/remote-env.ts';
export { RemoteVectorEnv } from './client/remote-vector-env.ts';
export type { RemoteVectorEnvOptions } from './client/remote-vector-env.ts';
export { RemoteParallelEnv } from './client/remote-parallel-env.ts';
export type { RemoteParallelEnvOptions } from './client/remote-parallel-env.ts';
export { evaluateRemote } from './client/remote-evaluation.ts';
export type { RemoteEvaluation, RemoteEvaluationOptions, RemotePolicy, RemotePolicyContext } from './client/remote-evaluation.ts';
export { BridgeError, ERROR_CODES, ERROR_HINTS } from './protocol/error-codes.ts';
export type { BridgeErrorCode, WireError } from './protocol/error-codes.ts';
export { PROTOCOL_VERSION } from './protocol/version.ts';
export { encode, decode, MsgpackError } from './protocol/msgpack.ts';
export { Shaped } from './protocol/array-codec.ts';
export { OPS } from './protocol/messages.ts';
