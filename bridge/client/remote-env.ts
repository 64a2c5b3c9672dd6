/**
 * `RemoteEnv`: an `Env` whose environment runs in a bridge server.
 *
 * Two ways to use it, because `Env.step` is synchronous and a socket is not:
 * - `RemoteEnv.open(url, id)` returns a synchronous env (the socket runs in a worker thread and the
 *   calling thread blocks on each reply; see `SyncConnection`): every agent of the package, the evaluation
 *   harness and `checkEnv` use it exactly like a local env. It also has the `…Async` methods.
 * - `await RemoteEnv.connect(url, id)` keeps the socket in the calling thread and offers only the
 *   `…Async` methods; many envs can share one `Connection` (`RemoteEnv.create`) and their requests are
 *   pipelined.
 * @module
 */
import { Env, type EnvMetadata, type Info, type ResetArgs, type StepResult } from '../../src/core/env.ts';
import type { Space } from '../../src/spaces/space.ts';
import { spaceFromJSON } from '../../src/spaces/from-json.ts';
import { EnvSpec } from '../../src/registry/env-spec.ts';
import '../../src/registry/registry.ts';
import type { Channel, ConnectOptions, ReplyFields, SyncChannel } from './channel.ts';
import { Connection } from './connection.ts';
import { SyncConnection } from './sync-connection.ts';
import { HandleCalls } from './handle-calls.ts';

/** Options of a remote env: connection options plus what `make` takes. */
export interface RemoteEnvOptions extends ConnectOptions {
  /** Keyword arguments of the env (validated by the server against its configSchema). */
  config?: Record<string, unknown>;
  /** Overrides the spec's episode step limit (`null` removes it). */
  maxEpisodeSteps?: number | null;
  /** `false`: the server sends empty infos (less traffic). Default `true`. */
  infos?: boolean;
}

/** The `make` request fields of `options`. */
export function makeFields(envId: string, options: RemoteEnvOptions): ReplyFields {
  const fields: ReplyFields = { env: envId };
  if (options.config !== undefined) fields.config = options.config;
  if (options.maxEpisodeSteps !== undefined) fields.maxEpisodeSteps = options.maxEpisodeSteps;
  if (options.infos !== undefined) fields.infos = options.infos;
  return fields;
}

/** Rebuilds an `EnvSpec` from its JSON view; `make` on it opens a new remote env on the same server. */
export function remoteSpec(json: unknown, url: string, options: ConnectOptions): EnvSpec | null {
  if (json === null || typeof json !== 'object') return null;
  const j = json as Record<string, unknown>;
  try {
    return new EnvSpec({
      id: String(j.id),
      entryPoint: (kwargs) => RemoteEnv.open(url, String(j.id), { ...options, config: kwargs }),
      rewardThreshold: (j.rewardThreshold as number | null) ?? null,
      nondeterministic: Boolean(j.nondeterministic),
      maxEpisodeSteps: (j.maxEpisodeSteps as number | null) ?? null,
      orderEnforce: j.orderEnforce !== false,
      disableEnvChecker: Boolean(j.disableEnvChecker),
      kwargs: (j.kwargs as Record<string, unknown>) ?? {},
      description: typeof j.description === 'string' ? j.description : '',
    });
  } catch {
    return null;
  }
}

function connectOptionsOf(options: RemoteEnvOptions): ConnectOptions {
  const out: ConnectOptions = {};
  if (options.token !== undefined) out.token = options.token;
  if (options.clientName !== undefined) out.clientName = options.clientName;
  if (options.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options.maxPayload !== undefined) out.maxPayload = options.maxPayload;
  return out;
}

/**
 * A remote environment.
 *
 * @example
 * ```ts
 * // not run: needs a server listening there (`npx edgellm-gym serve`)
 * const env = RemoteEnv.open('ws://127.0.0.1:8765', 'EdgeLLM-v0');
 * let [obs, info] = env.reset({ seed: 42 });
 * const [next, reward, terminated, truncated] = env.step(env.actionSpace.sample());
 * env.close();
 * ```
 */
export class RemoteEnv<Obs = unknown, Act = unknown> extends Env<Obs, Act> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  /** The registered id of the remote env. */
  readonly envId: string;
  private readonly calls: HandleCalls;

  private constructor(channel: Channel, envId: string, reply: ReplyFields, owns: boolean, connect: ConnectOptions) {
    super();
    this.envId = envId;
    this.calls = new HandleCalls(channel, reply.handle as number, owns, 'RemoteEnv');
    this.observationSpace = spaceFromJSON(reply.observationSpace, 'observationSpace') as Space<Obs>;
    this.actionSpace = spaceFromJSON(reply.actionSpace, 'actionSpace') as Space<Act>;
    this.metadata = { renderModes: [], ...(reply.metadata as EnvMetadata | undefined) };
    this.renderMode = (reply.renderMode as string | null | undefined) ?? null;
    this.spec = remoteSpec(reply.spec, channel.url, connect);
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
   * Opens a synchronous remote env on its own connection (blocks until the env is made).
   * @throws {BridgeError} for refused connections and failed `make`s (`unknown_env`, `invalid_config`, …).
   */
  static open<O = any, A = any>(url: string, envId: string, options: RemoteEnvOptions = {}): RemoteEnv<O, A> {
    const connect = connectOptionsOf(options);
    const channel = SyncConnection.open(url, connect);
    try {
      return RemoteEnv.makeSync<O, A>(channel, envId, options, true);
    } catch (e) {
      channel.closeSync();
      throw e;
    }
  }

  /** Makes a synchronous remote env on an existing blocking channel (several envs may share it). */
  static makeSync<O = any, A = any>(channel: SyncChannel, envId: string, options: RemoteEnvOptions = {}, ownsChannel = false): RemoteEnv<O, A> {
    const reply = channel.requestSync('make', makeFields(envId, options));
    return new RemoteEnv<O, A>(channel, envId, reply, ownsChannel, connectOptionsOf(options));
  }

  /** Opens an asynchronous remote env on its own in-thread connection. */
  static async connect<O = any, A = any>(url: string, envId: string, options: RemoteEnvOptions = {}): Promise<RemoteEnv<O, A>> {
    const connect = connectOptionsOf(options);
    const channel = await Connection.open(url, connect);
    try {
      return await RemoteEnv.create<O, A>(channel, envId, options, true);
    } catch (e) {
      await channel.close();
      throw e;
    }
  }

  /** Makes a remote env on an existing channel (async); envs sharing a `Connection` pipeline their requests. */
  static async create<O = any, A = any>(channel: Channel, envId: string, options: RemoteEnvOptions = {}, ownsChannel = false): Promise<RemoteEnv<O, A>> {
    const reply = await channel.request('make', makeFields(envId, options));
    return new RemoteEnv<O, A>(channel, envId, reply, ownsChannel, connectOptionsOf(options));
  }

  private static resetFields(args: ResetArgs): ReplyFields {
    const fields: ReplyFields = {};
    if (args.seed !== undefined) fields.seed = args.seed;
    if (args.options !== undefined) fields.options = args.options;
    return fields;
  }

  private static stepResult<O>(r: ReplyFields): StepResult<O> {
    return [r.obs as O, r.reward as number, r.terminated as boolean, r.truncated as boolean, (r.info as Info) ?? {}];
  }

  /** Resets the remote env (blocking); a seed also reseeds this object's own `npRandom`, as locally. */
  override reset(args: ResetArgs = {}): [Obs, Info] {
    super.reset(args);
    const r = this.calls.call('reset', RemoteEnv.resetFields(args));
    return [r.obs as Obs, (r.info as Info) ?? {}];
  }

  /** Steps the remote env (blocking). An invalid action throws `BridgeError('invalid_action')`; the env is unchanged. */
  step(action: Act): StepResult<Obs> {
    return RemoteEnv.stepResult<Obs>(this.calls.call('step', { action }));
  }

  /** The remote env's render output (blocking). */
  override render(): unknown {
    return this.calls.call('render').frame ?? null;
  }

  /** `reset`, without blocking. */
  async resetAsync(args: ResetArgs = {}): Promise<[Obs, Info]> {
    super.reset(args);
    const r = await this.calls.callAsync('reset', RemoteEnv.resetFields(args));
    return [r.obs as Obs, (r.info as Info) ?? {}];
  }

  /** `step`, without blocking. */
  async stepAsync(action: Act): Promise<StepResult<Obs>> {
    return RemoteEnv.stepResult<Obs>(await this.calls.callAsync('step', { action }));
  }

  /** `render`, without blocking. */
  async renderAsync(): Promise<unknown> {
    return (await this.calls.callAsync('render')).frame ?? null;
  }

  /** Closes the remote env (and its connection when it owns one). */
  override close(): void {
    if (this.closed) return;
    super.close();
    this.calls.closeSync();
  }

  /** `close`, without blocking. */
  async closeAsync(): Promise<void> {
    if (this.closed) return;
    super.close();
    await this.calls.closeAsync();
  }
}
