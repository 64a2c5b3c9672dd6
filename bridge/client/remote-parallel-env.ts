/**
 * `RemoteParallelEnv`: a `ParallelEnv` (PettingZoo's Parallel API) whose environment runs in a bridge
 * server, made with `parallel.make` and driven with `parallel.reset` / `parallel.step`.
 *
 * As with `RemoteEnv`: `RemoteParallelEnv.open(url, id)` is synchronous (the socket runs in a worker thread
 * and the calling thread blocks on each reply) and also has the `…Async` methods; `await
 * RemoteParallelEnv.connect(url, id)` keeps the socket in the calling thread and offers only the `…Async`
 * methods.
 * @module
 */
import type { Info, ResetArgs } from '../../src/core/env.ts';
import type { ParallelEnv, ParallelResetResult, ParallelStepResult, PerAgent } from '../../src/parallel/parallel-env.ts';
import type { Space } from '../../src/spaces/space.ts';
import { spaceFromJSON } from '../../src/spaces/from-json.ts';
import { BridgeError } from '../protocol/error-codes.ts';
import type { Channel, ConnectOptions, ReplyFields, SyncChannel } from './channel.ts';
import { Connection } from './connection.ts';
import { SyncConnection } from './sync-connection.ts';
import { HandleCalls } from './handle-calls.ts';

/** Options of a remote parallel env: connection options plus what `parallel.make` takes. */
export interface RemoteParallelEnvOptions extends ConnectOptions {
  /** Keyword arguments of the env (checked by the server). */
  config?: Record<string, unknown>;
  /** `false`: the server sends an empty info per agent (less traffic). Default `true`. */
  infos?: boolean;
}

function makeFields(envId: string, options: RemoteParallelEnvOptions): ReplyFields {
  const fields: ReplyFields = { env: envId };
  if (options.config !== undefined) fields.config = options.config;
  if (options.infos !== undefined) fields.infos = options.infos;
  return fields;
}

function connectOptionsOf(options: RemoteParallelEnvOptions): ConnectOptions {
  const out: ConnectOptions = {};
  if (options.token !== undefined) out.token = options.token;
  if (options.clientName !== undefined) out.clientName = options.clientName;
  if (options.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options.maxPayload !== undefined) out.maxPayload = options.maxPayload;
  return out;
}

function resetFields(args: ResetArgs): ReplyFields {
  const fields: ReplyFields = {};
  if (args.seed !== undefined) fields.seed = args.seed;
  if (args.options !== undefined) fields.options = args.options;
  return fields;
}

/**
 * A remote parallel (multi-agent) environment.
 *
 * @example
 * ```ts
 * // not run: needs a server that offers a parallel env (`npx edgellm-gym serve`)
 * const env = RemoteParallelEnv.open('ws://127.0.0.1:8765', 'EdgeLLMMulti-v0');
 * let [obs, infos] = env.reset({ seed: 42 });
 * while (env.agents.length > 0) {
 *   const actions = Object.fromEntries(env.agents.map((a) => [a, env.actionSpace(a).sample()]));
 *   [obs, , , , infos] = env.step(actions);
 * }
 * env.close();
 * ```
 */
export class RemoteParallelEnv<Obs = unknown, Act = unknown> implements ParallelEnv<Obs, Act> {
  readonly possibleAgents: readonly string[];
  readonly metadata: Record<string, unknown>;
  /** Remote envs have no local registration; the server's spec is {@link remoteSpec}. */
  readonly spec = null;
  /** The server's spec of the env (its JSON view), or `null`. */
  readonly remoteSpec: Record<string, unknown> | null;
  /** The id of the remote env. */
  readonly envId: string;
  private live: string[] = [];
  private readonly obsSpaces = new Map<string, Space<Obs>>();
  private readonly actSpaces = new Map<string, Space<Act>>();
  private readonly calls: HandleCalls;
  private closed = false;

  private constructor(channel: Channel, envId: string, reply: ReplyFields, owns: boolean) {
    this.envId = envId;
    this.calls = new HandleCalls(channel, reply.handle as number, owns, 'RemoteParallelEnv');
    this.possibleAgents = [...(reply.possibleAgents as string[])];
    const obs = reply.observationSpaces as Record<string, unknown>;
    const act = reply.actionSpaces as Record<string, unknown>;
    for (const a of this.possibleAgents) {
      this.obsSpaces.set(a, spaceFromJSON(obs[a], `observationSpaces.${a}`) as Space<Obs>);
      this.actSpaces.set(a, spaceFromJSON(act[a], `actionSpaces.${a}`) as Space<Act>);
    }
    this.metadata = { ...(reply.metadata as Record<string, unknown> | undefined) };
    this.remoteSpec = (reply.spec as Record<string, unknown> | null | undefined) ?? null;
  }

  /** The agents live now (after the last reset or step reply). */
  get agents(): readonly string[] {
    return this.live;
  }

  /** The channel the env talks through. */
  get channel(): Channel {
    return this.calls.channel;
  }

  /** The server-side handle number. */
  get handle(): number {
    return this.calls.handle;
  }

  /**
   * Opens a synchronous remote parallel env on its own connection (blocks until it is made).
   * @throws {BridgeError} for refused connections and failed makes (`unknown_env`, …).
   */
  static open<O = any, A = any>(url: string, envId: string, options: RemoteParallelEnvOptions = {}): RemoteParallelEnv<O, A> {
    const channel = SyncConnection.open(url, connectOptionsOf(options));
    try {
      return RemoteParallelEnv.makeSync<O, A>(channel, envId, options, true);
    } catch (e) {
      channel.closeSync();
      throw e;
    }
  }

  /** Makes a synchronous remote parallel env on an existing blocking channel (several envs may share it). */
  static makeSync<O = any, A = any>(channel: SyncChannel, envId: string, options: RemoteParallelEnvOptions = {}, ownsChannel = false): RemoteParallelEnv<O, A> {
    return new RemoteParallelEnv<O, A>(channel, envId, channel.requestSync('parallel.make', makeFields(envId, options)), ownsChannel);
  }

  /** Opens an asynchronous remote parallel env on its own in-thread connection. */
  static async connect<O = any, A = any>(url: string, envId: string, options: RemoteParallelEnvOptions = {}): Promise<RemoteParallelEnv<O, A>> {
    const channel = await Connection.open(url, connectOptionsOf(options));
    try {
      return await RemoteParallelEnv.create<O, A>(channel, envId, options, true);
    } catch (e) {
      await channel.close();
      throw e;
    }
  }

  /** Makes a remote parallel env on an existing channel (async). */
  static async create<O = any, A = any>(channel: Channel, envId: string, options: RemoteParallelEnvOptions = {}, ownsChannel = false): Promise<RemoteParallelEnv<O, A>> {
    return new RemoteParallelEnv<O, A>(channel, envId, await channel.request('parallel.make', makeFields(envId, options)), ownsChannel);
  }

  private space<S>(spaces: Map<string, S>, agent: string, which: string): S {
    const s = spaces.get(agent);
    if (s === undefined) {
      throw new BridgeError('bad_request', `${which}(${JSON.stringify(agent)}): not an agent of ${this.envId} (possible agents: ${this.possibleAgents.join(', ')}).`);
    }
    return s;
  }

  /** The observation space of `agent` (the same object at every call). */
  observationSpace(agent: string): Space<Obs> {
    return this.space(this.obsSpaces, agent, 'observationSpace');
  }

  /** The action space of `agent` (the same object at every call). */
  actionSpace(agent: string): Space<Act> {
    return this.space(this.actSpaces, agent, 'actionSpace');
  }

  private resetResult(r: ReplyFields): ParallelResetResult<Obs> {
    this.live = [...(r.agents as string[])];
    return [r.observations as PerAgent<Obs>, (r.infos as PerAgent<Info>) ?? {}];
  }

  private stepResult(r: ReplyFields): ParallelStepResult<Obs> {
    this.live = [...(r.agents as string[])];
    return [
      r.observations as PerAgent<Obs>,
      r.rewards as PerAgent<number>,
      r.terminations as PerAgent<boolean>,
      r.truncations as PerAgent<boolean>,
      (r.infos as PerAgent<Info>) ?? {},
    ];
  }

  /** Starts an episode (blocking). */
  reset(args: ResetArgs = {}): ParallelResetResult<Obs> {
    return this.resetResult(this.calls.call('parallel.reset', resetFields(args)));
  }

  /**
   * Steps every live agent (blocking). A missing, unknown or out-of-space action throws
   * `BridgeError('invalid_action')` naming the agent; the env is then unchanged.
   */
  step(actions: PerAgent<Act>): ParallelStepResult<Obs> {
    return this.stepResult(this.calls.call('parallel.step', { actions }));
  }

  /** The remote env's render output (blocking). */
  render(): unknown {
    return this.calls.call('render').frame ?? null;
  }

  /** `reset`, without blocking. */
  async resetAsync(args: ResetArgs = {}): Promise<ParallelResetResult<Obs>> {
    return this.resetResult(await this.calls.callAsync('parallel.reset', resetFields(args)));
  }

  /** `step`, without blocking. */
  async stepAsync(actions: PerAgent<Act>): Promise<ParallelStepResult<Obs>> {
    return this.stepResult(await this.calls.callAsync('parallel.step', { actions }));
  }

  /** Closes the remote env (and its connection when it owns one); calling it twice is allowed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.calls.closeSync();
  }

  /** `close`, without blocking. */
  async closeAsync(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.calls.closeAsync();
  }
}
