/**
 * `RemoteVectorEnv`: a `VectorEnv` whose sub-environments run in a bridge server, stepped with one frame
 * per batch. Synchronous with `RemoteVectorEnv.open`, asynchronous with `await RemoteVectorEnv.connect`
 * (see `remote-env.ts` for the two modes).
 * @module
 */
import type { Space } from '../../src/spaces/space.ts';
import { spaceFromJSON } from '../../src/spaces/from-json.ts';
import { VectorEnv, type VectorEnvMetadata, type VectorResetArgs, type VectorStepResult } from '../../src/vector/vector-env.ts';
import type { VectorInfo } from '../../src/vector/vector-info.ts';
import type { AutoresetMode } from '../../src/vector/autoreset-mode.ts';
import type { Channel, ConnectOptions, ReplyFields, SyncChannel } from './channel.ts';
import { Connection } from './connection.ts';
import { SyncConnection } from './sync-connection.ts';
import { HandleCalls } from './handle-calls.ts';
import { type RemoteEnvOptions, makeFields, remoteSpec } from './remote-env.ts';

/** Options of a remote vector env. */
export interface RemoteVectorEnvOptions extends RemoteEnvOptions {
  /** Autoreset mode (default `next-step`). */
  autoresetMode?: AutoresetMode;
}

function vectorMakeFields(envId: string, numEnvs: number, options: RemoteVectorEnvOptions): ReplyFields {
  const fields = makeFields(envId, options);
  fields.numEnvs = numEnvs;
  if (options.autoresetMode !== undefined) fields.autoreset = options.autoresetMode;
  return fields;
}

function connectOptionsOf(options: RemoteVectorEnvOptions): ConnectOptions {
  const { token, clientName, timeoutMs, maxPayload } = options;
  return Object.fromEntries(Object.entries({ token, clientName, timeoutMs, maxPayload }).filter(([, v]) => v !== undefined)) as ConnectOptions;
}

/**
 * A remote vector environment.
 *
 * @example
 * ```ts
 * // not run: needs a server listening there (`npx edgellm-gym serve`)
 * const envs = RemoteVectorEnv.open('ws://127.0.0.1:8765', 'EdgeLLM-v0', 64);
 * let [obs] = envs.reset({ seed: 0 });          // Float32Array of 64 × 81
 * const [next, rewards, terms, truncs, infos] = envs.step(envs.actionSpace.sample());
 * envs.close();
 * ```
 */
export class RemoteVectorEnv<Obs = unknown, Act = unknown> extends VectorEnv<Obs, Act> {
  readonly numEnvs: number;
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly metadata: VectorEnvMetadata;
  /** The registered id of the remote envs. */
  readonly envId: string;
  private readonly calls: HandleCalls;
  private readonly remoteRenderMode: string | null;
  private isClosed = false;

  private constructor(channel: Channel, envId: string, reply: ReplyFields, owns: boolean, connect: ConnectOptions) {
    super();
    this.envId = envId;
    this.calls = new HandleCalls(channel, reply.handle as number, owns, 'RemoteVectorEnv');
    this.numEnvs = reply.numEnvs as number;
    this.observationSpace = spaceFromJSON(reply.observationSpace, 'observationSpace') as Space<Obs>;
    this.actionSpace = spaceFromJSON(reply.actionSpace, 'actionSpace') as Space<Act>;
    this.singleObservationSpace = spaceFromJSON(reply.singleObservationSpace, 'singleObservationSpace');
    this.singleActionSpace = spaceFromJSON(reply.singleActionSpace, 'singleActionSpace');
    this.metadata = { renderModes: [], autoresetMode: 'next-step', ...(reply.metadata as Partial<VectorEnvMetadata>) } as VectorEnvMetadata;
    this.remoteRenderMode = (reply.renderMode as string | null | undefined) ?? null;
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

  override get renderMode(): string | null {
    return this.remoteRenderMode;
  }

  /** Opens a synchronous remote vector env of `numEnvs` copies on its own connection. */
  static open<O = any, A = any>(url: string, envId: string, numEnvs: number, options: RemoteVectorEnvOptions = {}): RemoteVectorEnv<O, A> {
    const channel = SyncConnection.open(url, connectOptionsOf(options));
    try {
      return RemoteVectorEnv.makeSync<O, A>(channel, envId, numEnvs, options, true);
    } catch (e) {
      channel.closeSync();
      throw e;
    }
  }

  /** Makes a synchronous remote vector env on an existing blocking channel. */
  static makeSync<O = any, A = any>(channel: SyncChannel, envId: string, numEnvs: number, options: RemoteVectorEnvOptions = {}, ownsChannel = false): RemoteVectorEnv<O, A> {
    const reply = channel.requestSync('make', vectorMakeFields(envId, numEnvs, options));
    return new RemoteVectorEnv<O, A>(channel, envId, reply, ownsChannel, connectOptionsOf(options));
  }

  /** Opens an asynchronous remote vector env on its own in-thread connection. */
  static async connect<O = any, A = any>(url: string, envId: string, numEnvs: number, options: RemoteVectorEnvOptions = {}): Promise<RemoteVectorEnv<O, A>> {
    const channel = await Connection.open(url, connectOptionsOf(options));
    try {
      return await RemoteVectorEnv.create<O, A>(channel, envId, numEnvs, options, true);
    } catch (e) {
      await channel.close();
      throw e;
    }
  }

  /** Makes a remote vector env on an existing channel (async). */
  static async create<O = any, A = any>(channel: Channel, envId: string, numEnvs: number, options: RemoteVectorEnvOptions = {}, ownsChannel = false): Promise<RemoteVectorEnv<O, A>> {
    const reply = await channel.request('make', vectorMakeFields(envId, numEnvs, options));
    return new RemoteVectorEnv<O, A>(channel, envId, reply, ownsChannel, connectOptionsOf(options));
  }

  private static resetFields(args: VectorResetArgs): ReplyFields {
    const fields: ReplyFields = {};
    if (typeof args.seed === 'number') fields.seed = args.seed;
    else if (args.seed !== undefined) fields.seed = args.seed.map((s) => (s === undefined ? null : s));
    if (args.options !== undefined) fields.options = args.options;
    return fields;
  }

  private static stepResult<O>(r: ReplyFields): VectorStepResult<O> {
    return [r.obs as O, r.rewards as Float64Array, r.terminations as boolean[], r.truncations as boolean[], (r.info as VectorInfo) ?? {}];
  }

  /** Resets all (or, with `options.reset_mask`, some) sub-envs (blocking). */
  override reset(args: VectorResetArgs = {}): [Obs, VectorInfo] {
    const r = this.calls.call('reset', RemoteVectorEnv.resetFields(args));
    return [r.obs as Obs, (r.info as VectorInfo) ?? {}];
  }

  /** Steps every sub-env with its slice of the batched action, in one frame (blocking). */
  override step(actions: Act): VectorStepResult<Obs> {
    return RemoteVectorEnv.stepResult<Obs>(this.calls.call('step', { action: actions }));
  }

  /** `reset`, without blocking. */
  async resetAsync(args: VectorResetArgs = {}): Promise<[Obs, VectorInfo]> {
    const r = await this.calls.callAsync('reset', RemoteVectorEnv.resetFields(args));
    return [r.obs as Obs, (r.info as VectorInfo) ?? {}];
  }

  /** `step`, without blocking. */
  async stepAsync(actions: Act): Promise<VectorStepResult<Obs>> {
    return RemoteVectorEnv.stepResult<Obs>(await this.calls.callAsync('step', { action: actions }));
  }

  override close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.calls.closeSync();
  }

  /** `close`, without blocking. */
  async closeAsync(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.calls.closeAsync();
  }
}
