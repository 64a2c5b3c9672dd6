/**
 * The messages of the bridge protocol, as TypeScript types. docs/protocol.md is the reference; the JSON
 * Schemas that check them at the server are in `schemas.ts`.
 *
 * Every frame is one msgpack map. A request has an `id` (non-negative integer chosen by the client) and an
 * `op`; the server answers each request with exactly one reply carrying the same `id`, in request order.
 * A reply is `{id, ok: true, ...result}` or `{id, ok: false, error: {code, message, hint, field?}}`.
 * @module
 */
import type { SpaceJSON } from '../../src/spaces/space-json.ts';
import type { AutoresetMode } from '../../src/vector/autoreset-mode.ts';
import type { WireError } from './error-codes.ts';

/** The operations of protocol 1.x. */
export const OPS = [
  'hello',
  'make',
  'reset',
  'step',
  'render',
  'close',
  'evaluate.start',
  'evaluate.step',
  'parallel.make',
  'parallel.reset',
  'parallel.step',
  'ping',
] as const;

/** An operation name. */
export type Op = (typeof OPS)[number];

/** Fields every request has. */
export interface RequestBase {
  /** Request id, echoed in the reply. */
  id: number;
  /** Operation. */
  op: Op;
}

/** `hello`: must be the first request of a connection. */
export interface HelloRequest extends RequestBase {
  op: 'hello';
  /** The client's protocol version, `MAJOR.MINOR.PATCH`. */
  protocol: string;
  /** Free-form client name for logs, e.g. `edgellm-bridge-py/0.1.0`. */
  client?: string;
}

/** `make`: builds an environment (or, with `numEnvs`, a vector of them). */
export interface MakeRequest extends RequestBase {
  op: 'make';
  /** Registered env id. */
  env: string;
  /** Keyword arguments of the env (validated against its configSchema). */
  config?: Record<string, unknown>;
  /** Given: a vector env of that many copies (even 1); omitted: a single env. */
  numEnvs?: number;
  /** Autoreset mode of a vector env (default `next-step`). */
  autoreset?: AutoresetMode;
  /** Overrides the spec's episode step limit (`null` removes it). */
  maxEpisodeSteps?: number | null;
  /** `false`: step and reset replies carry an empty info (saves bandwidth). Default `true`. */
  infos?: boolean;
}

/** `reset` of a handle. */
export interface ResetRequest extends RequestBase {
  op: 'reset';
  handle: number;
  /** One seed; for a vector handle also one per sub-env (`null` = not reseeded). */
  seed?: number | (number | null)[];
  /** Env options; for a vector handle `reset_mask` (booleans) selects the sub-envs to reset. */
  options?: Record<string, unknown>;
}

/** `step` of a handle: one action, or for a vector handle the batched action. */
export interface StepRequest extends RequestBase {
  op: 'step';
  handle: number;
  action: unknown;
}

/** `render` of a single-env handle. */
export interface RenderRequest extends RequestBase {
  op: 'render';
  handle: number;
}

/** `close` of a handle (env, vector env or evaluation). */
export interface CloseRequest extends RequestBase {
  op: 'close';
  handle: number;
}

/** `evaluate.start`: a leaderboard evaluation whose seeds the server chooses. */
export interface EvaluateStartRequest extends RequestBase {
  op: 'evaluate.start';
  /** Registered env id (evaluated with its registered config). */
  env: string;
  /** The name the result is recorded under. */
  agent: string;
}

/** `evaluate.step`: the client's action for the current evaluation step. */
export interface EvaluateStepRequest extends RequestBase {
  op: 'evaluate.step';
  handle: number;
  action: unknown;
}

/** `parallel.make`: builds a parallel (multi-agent) environment. */
export interface ParallelMakeRequest extends RequestBase {
  op: 'parallel.make';
  /** Registered id of a parallel env (hello's `parallelEnvs`). */
  env: string;
  /** Keyword arguments of the env (validated against its configSchema). */
  config?: Record<string, unknown>;
  /** `false`: step and reset replies carry an empty info per agent. Default `true`. */
  infos?: boolean;
}

/** `parallel.reset` of a parallel handle. */
export interface ParallelResetRequest extends RequestBase {
  op: 'parallel.reset';
  handle: number;
  /** Reseeds the env. */
  seed?: number;
  /** Env options. */
  options?: Record<string, unknown>;
}

/** `parallel.step` of a parallel handle: one action per live agent, keyed by agent. */
export interface ParallelStepRequest extends RequestBase {
  op: 'parallel.step';
  handle: number;
  actions: Record<string, unknown>;
}

/** `ping`: echoes `payload` (latency checks). */
export interface PingRequest extends RequestBase {
  op: 'ping';
  payload?: unknown;
}

/** Any request. */
export type Request =
  | HelloRequest
  | MakeRequest
  | ResetRequest
  | StepRequest
  | RenderRequest
  | CloseRequest
  | EvaluateStartRequest
  | EvaluateStepRequest
  | ParallelMakeRequest
  | ParallelResetRequest
  | ParallelStepRequest
  | PingRequest;

/** A registered environment as listed by `hello`. */
export interface EnvListing {
  id: string;
  description: string;
  /** Default keyword arguments of the spec. */
  kwargs: Record<string, unknown>;
  /** JSON Schema of the accepted config (`null` when the env has none). */
  configSchema: object | null;
  maxEpisodeSteps: number | null;
}

/** A registered parallel environment as listed by `hello`. */
export interface ParallelEnvListing {
  id: string;
  description: string;
  /** Default keyword arguments of the spec. */
  kwargs: Record<string, unknown>;
  /** JSON Schema of the accepted config (`null` when the env has none). */
  configSchema: object | null;
}

/** The server's limits, as sent in the hello reply. */
export interface LimitsInfo {
  maxPayload: number;
  maxSessions: number;
  maxEnvsPerSession: number;
  maxHandlesPerSession: number;
  idleTimeoutMs: number;
  evalEpisodes: number;
}

/** Reply to `hello`. */
export interface HelloReply {
  protocol: string;
  server: string;
  session: string;
  capabilities: { ops: Op[]; autoresetModes: AutoresetMode[]; arrayDTypes: string[] };
  limits: LimitsInfo;
  envs: EnvListing[];
  /** The registered parallel (multi-agent) envs, made with `parallel.make` (servers of protocol ≥ 1.1). */
  parallelEnvs?: ParallelEnvListing[];
}

/** Reply to `make`. */
export interface MakeReply {
  handle: number;
  /** Sub-envs of a vector handle; absent for a single env. */
  numEnvs?: number;
  observationSpace: SpaceJSON;
  actionSpace: SpaceJSON;
  /** Vector handles: spaces of one sub-env. */
  singleObservationSpace?: SpaceJSON;
  singleActionSpace?: SpaceJSON;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
  renderMode: string | null;
}

/** Reply to `reset`. */
export interface ResetReply {
  obs: unknown;
  info: Record<string, unknown>;
}

/** Reply to `step` of a single env. */
export interface StepReply {
  obs: unknown;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Record<string, unknown>;
}

/** Reply to `step` of a vector env. */
export interface VectorStepReply {
  obs: unknown;
  rewards: Float64Array;
  terminations: boolean[];
  truncations: boolean[];
  /** Vector info: per key an array over sub-envs and a `_key` mask. */
  info: Record<string, unknown>;
}

/** Reply to `evaluate.start`. */
export interface EvaluateStartReply {
  handle: number;
  episodes: number;
  episode: number;
  seed: number;
  observationSpace: SpaceJSON;
  actionSpace: SpaceJSON;
  obs: unknown;
  info: Record<string, unknown>;
}

/** Reply to `evaluate.step`. */
export interface EvaluateStepReply extends StepReply {
  /** Episode (0-based) the step belonged to. */
  episode: number;
  /** Set when the step ended an episode: its record. */
  episodeRecord?: Record<string, unknown>;
  /** Set when another episode starts: its index, seed and first observation. */
  next?: { episode: number; seed: number; obs: unknown; info: Record<string, unknown> };
  /** Set after the last episode: the summary that was merged into the leaderboard. */
  result?: Record<string, unknown>;
  /** `true` after the last episode (the handle is then closed). */
  done: boolean;
}

/** Reply to `parallel.make`. */
export interface ParallelMakeReply {
  handle: number;
  /** Every agent that may appear, in a fixed order. */
  possibleAgents: string[];
  /** Each possible agent's observation space. */
  observationSpaces: Record<string, SpaceJSON>;
  /** Each possible agent's action space. */
  actionSpaces: Record<string, SpaceJSON>;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown> | null;
}

/** Reply to `parallel.reset`: values keyed by agent, and the agents live now. */
export interface ParallelResetReply {
  observations: Record<string, unknown>;
  infos: Record<string, Record<string, unknown>>;
  agents: string[];
}

/** Reply to `parallel.step`: values keyed by the agents that acted, and the agents live after the step. */
export interface ParallelStepReply {
  observations: Record<string, unknown>;
  rewards: Record<string, number>;
  terminations: Record<string, boolean>;
  truncations: Record<string, boolean>;
  infos: Record<string, Record<string, unknown>>;
  agents: string[];
}

/** A reply: success with the op's fields, or failure. */
export type Reply<T = Record<string, unknown>> = ({ id: number; ok: true } & T) | { id: number | null; ok: false; error: WireError };
