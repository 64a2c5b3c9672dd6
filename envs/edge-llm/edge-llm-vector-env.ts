/**
 * `EdgeLLMVectorEnv`: N EdgeLLM environments stepped as one batch on typed arrays (docs/model.md#the-batch-native-vector-env).
 * @module
 */
import { ClosedEnvironment, InvalidAction, InvalidArgument, ResetNeeded } from '../../src/core/errors.ts';
import { checkSeed } from '../../src/random/generator.ts';
import type { Box } from '../../src/spaces/box.ts';
import { DTYPES, type TypedArray, dtypeOf, typedArrayOfLength } from '../../src/spaces/dtype.ts';
import type { Space } from '../../src/spaces/space.ts';
import { type AutoresetMode, checkAutoresetMode } from '../../src/vector/autoreset-mode.ts';
import { batchSpace, itemAt } from '../../src/vector/batch.ts';
import { addInfo, type VectorInfo } from '../../src/vector/vector-info.ts';
import { VectorEnv, type VectorEnvMetadata, type VectorResetArgs, type VectorStepResult, expandSeeds, readResetMask } from '../../src/vector/vector-env.ts';
import { type EdgeLLMConfig, type ResolvedConfig, resolveConfig } from './config.ts';
import { EdgeLLMCore, loadAction } from './edge-llm-core.ts';
import {
  AUTORESET_CODES,
  BatchArrays,
  type BatchSettings,
  type BatchViews,
  EdgeLLMBatch,
  type StagedRegion,
  INFO_F64_KEYS,
  SPLIT_CODES,
  batchViews,
  infoRows,
  stagedActionBytesPerEnv,
  stagedActionCode,
  stagedRows,
} from './edge-llm-batch.ts';
import { BatchWorkerPool, DEFAULT_WORKER_TIMEOUT_MS, MAX_WORKERS, OP_RESET, OP_STEP, shardsOf } from './edge-llm-batch-workers.ts';
import { edgeLlmSpaces } from './edge-llm-env.ts';
import { renderAnsi } from './render.ts';

/** Options of {@link EdgeLLMVectorEnv}. */
export interface EdgeLLMVectorEnvOptions {
  /** Autoreset mode, default `next-step` (see `AutoresetMode`). */
  autoresetMode?: AutoresetMode;
  /** Truncates an episode after this many steps, as the `TimeLimit` wrapper `make` adds (default: none). */
  maxEpisodeSteps?: number | null;
  /** `false` returns `{}` as the infos of every reset and step, which skips building them (default `true`). */
  infos?: boolean;
  /**
   * Threads that step the batch, the calling thread included (default 1). 0 or 1: every sub-environment
   * on the calling thread; k ≥ 2: k contiguous shards, the first stepped by the calling thread and each
   * other by a worker thread, on shared memory (nothing copied); results identical. `close()` ends the
   * workers. More threads than sub-environments are not started.
   */
  workers?: number;
  /** How long to wait for a worker thread (to start, or to answer) before throwing (ms, default 60,000). */
  workerTimeoutMs?: number;
}

/** A fresh `boolean[]` copy of a 0/1 mask. */
function boolsOf(mask: Uint8Array): boolean[] {
  const out = new Array<boolean>(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] === 1;
  return out;
}

/** Bytes of the chunks {@link InfoArena} carves step infos from. */
const INFO_CHUNK_BYTES = 1 << 18;

/**
 * The info arrays of the steps carved out of large ArrayBuffers, each step's from memory no earlier step
 * used (so infos a caller kept are never overwritten): a backing store per typed array, or even one per
 * step, costs more than the numbers in it. A chunk lives as long as any view into it.
 */
class InfoArena {
  /** The current chunk (where {@link InfoArena.reserve} gives memory). */
  buffer = new ArrayBuffer(0);
  private bytes = new Uint8Array(0);
  private offset = 0;

  /** Reserves `bytes` bytes of fresh memory in the current chunk (or a new one); returns where they start in {@link InfoArena.buffer}. */
  reserve(bytes: number): number {
    const size = Math.ceil(bytes / 8) * 8;
    if (this.offset + size > this.buffer.byteLength) {
      this.buffer = new ArrayBuffer(Math.max(INFO_CHUNK_BYTES, size));
      this.bytes = new Uint8Array(this.buffer);
      this.offset = 0;
    }
    const at = this.offset;
    this.offset += size;
    return at;
  }

  /** Copies `block` into the current chunk from byte `at` on (memory {@link InfoArena.reserve} gave). */
  write(block: Uint8Array, at: number): void {
    this.bytes.set(block, at);
  }
}

/** The infos of every reset and step with `infos: false` (frozen: one object for all). */
const NO_INFOS: VectorInfo = Object.freeze({});

/** A step's infos prepared before its results are in (see `EdgeLLMVectorEnv.prepareStepInfos`). */
interface PendingStepInfos {
  /** Where the typed arrays start in the info arena's current chunk. */
  at: number;
  /** The vector info of the step, and its `costs` and `applied` objects. */
  infos: VectorInfo;
  costs: VectorInfo;
  applied: VectorInfo;
}

/** A fresh `boolean[]` of `values === 1` where `mask` is set, false elsewhere. */
function maskedBools(values: Uint8Array, mask: Uint8Array): boolean[] {
  const out = new Array<boolean>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = mask[i] === 1 && values[i] === 1;
  return out;
}

/** Whether every row of a dict-format batch not flagged in `skip` has cache bits 0 or 1 and local fractions in [0, 1]. */
function dictRowsValid(cache: TypedArray, local: TypedArray, n: number, P: number, skip: Uint8Array | null): boolean {
  for (let i = 0; i < n; i++) {
    if (skip !== null && skip[i] === 1) continue;
    for (let j = i * P, e = j + P; j < e; j++) {
      const c = cache[j]!;
      const b = local[j]!;
      if ((c !== 0 && c !== 1) || !(b >= 0 && b <= 1)) return false;
    }
  }
  return true;
}

/** Whether every row of a box-format batch (2P values a row) not flagged in `skip` lies in [-1, 1]. */
function boxRowsValid(x: TypedArray, n: number, P: number, skip: Uint8Array | null): boolean {
  for (let i = 0; i < n; i++) {
    if (skip !== null && skip[i] === 1) continue;
    for (let j = i * 2 * P, e = j + 2 * P; j < e; j++) {
      const c = x[j]!;
      if (!(c >= -1 && c <= 1)) return false;
    }
  }
  return true;
}

/**
 * `numEnvs` EdgeLLM environments of one configuration held in one {@link EdgeLLMCore} (their state in
 * typed arrays) and stepped in one loop. It is a drop-in for a `SyncVectorEnv` over `EdgeLLMEnv`s made by
 * `make`: for the same seeds and actions it gives the same observations, rewards, flags and infos bit for
 * bit (same keys, same `_key` masks, same values) in every autoreset mode, with the `TimeLimit`
 * (`maxEpisodeSteps`) and order (no step before reset) semantics of `make`'s wrappers.
 *
 * Stepping allocates nothing but the infos: the observations, rewards, terminations and truncations are
 * buffers owned by the vector env, returned by every `reset` and `step` (in the same result array each
 * step) and overwritten by the next one (copy them to keep them). Infos are fresh objects each call; pass
 * `infos: false` to skip them (every call then returns one frozen empty object). Actions
 * are batches of typed arrays (`{cache: Int8Array(n·P), local: Float32Array(n·P)}`, or one Float32Array of
 * n·2P for `actionFormat: 'box'`); plain lists are accepted and converted.
 *
 * With `workers: k ≥ 2` the batch is split into k shards stepped in parallel, one by the calling thread
 * and the others by worker threads, on shared memory; the results are the same (see
 * docs/model.md#the-batch-native-vector-env). `close()` ends the workers.
 *
 * @example
 * ```ts
 * const envs = new EdgeLLMVectorEnv(64, { agents: 10 }, { autoresetMode: 'same-step' });
 * const [obs] = envs.reset({ seed: 0 });           // sub-env i seeded with i
 * const [next, rewards, terminations, truncations, infos] = envs.step(envs.actionSpace.sample());
 *
 * const split = new EdgeLLMVectorEnv(64, {}, { workers: 2 }); // 32 sub-envs here, 32 on a worker thread
 * await split.ready();
 * split.reset({ seed: 0 });
 * split.step(split.actionSpace.sample());
 * split.close();
 * ```
 */
export class EdgeLLMVectorEnv extends VectorEnv<Float32Array, unknown> {
  readonly numEnvs: number;
  readonly observationSpace: Space<Float32Array>;
  readonly actionSpace: Space<unknown>;
  readonly singleObservationSpace: Box<Float32Array>;
  readonly singleActionSpace: Space<unknown>;
  readonly metadata: VectorEnvMetadata;
  /** The resolved configuration of every sub-environment. */
  readonly config: Readonly<ResolvedConfig>;
  /** The sub-environments' state (all of them; with worker threads, a view of the memory they step). */
  readonly core: EdgeLLMCore;
  /** Step budget of an episode (`TimeLimit`), or `null`. */
  readonly maxEpisodeSteps: number | null;
  /** Threads that step the batch, the calling thread included (1: all on the calling thread). */
  readonly workers: number;
  private readonly withInfos: boolean;
  /** The shard the calling thread steps (all sub-environments without worker threads). */
  private readonly local: EdgeLLMBatch;
  /** The worker threads and their shards, or `null`. */
  private readonly pool: BatchWorkerPool | null;
  private readonly v: BatchViews;
  private readonly arena = new InfoArena();
  /** The info staging block every shard writes its rows of a step's infos into (see `infoRows`). */
  private readonly infoBlock: Uint8Array;
  /** The current step's infos prepared while the worker threads finish (see `prepareStepInfos`), or `null`. */
  private pending: PendingStepInfos | null = null;
  /**
   * The staged action of every sub-environment (see `stagedActionCode`): its `cache` and `local` parts in the
   * dict format, the box in the box format.
   */
  private readonly stagedParts: StagedRegion[];
  /** The code of the current step's staged action. */
  private stagedCode = -1;
  /** Steps the calling thread's shard (what `run` runs for a step). */
  private readonly stepOwn: () => void;
  private readonly terminations: boolean[];
  private readonly truncations: boolean[];
  /** What `step` returns: the same array each time, with the infos replaced. */
  private readonly result: VectorStepResult<Float32Array>;
  private isClosed = false;

  /**
   * @param numEnvs sub-environments (a positive integer).
   * @param config the configuration of every sub-environment (as `EdgeLLMEnv`'s).
   * @throws {InvalidConfig} naming each unknown or out-of-range configuration field.
   * @throws {InvalidArgument} for a `numEnvs`, `maxEpisodeSteps` or `workers` out of range.
   */
  constructor(numEnvs: number, config: Partial<EdgeLLMConfig> = {}, options: EdgeLLMVectorEnvOptions = {}) {
    super();
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new InvalidArgument(`EdgeLLMVectorEnv numEnvs must be a positive integer; got ${numEnvs}.`);
    const max = options.maxEpisodeSteps ?? null;
    if (max !== null && (!Number.isInteger(max) || max <= 0)) {
      throw new InvalidArgument(`EdgeLLMVectorEnv maxEpisodeSteps must be a positive integer or null; got ${max}.`);
    }
    const workers = options.workers ?? 1;
    if (!Number.isInteger(workers) || workers < 0 || workers > MAX_WORKERS) {
      throw new InvalidArgument(
        `EdgeLLMVectorEnv workers must be an integer from 0 to ${MAX_WORKERS} (threads that step the batch; 0 or 1: the calling thread only); got ${workers}.`,
      );
    }
    this.numEnvs = numEnvs;
    this.config = Object.freeze(resolveConfig(config));
    this.maxEpisodeSteps = max;
    this.withInfos = options.infos ?? true;
    const spaces = edgeLlmSpaces(this.config);
    this.singleObservationSpace = spaces.observationSpace;
    this.singleActionSpace = spaces.actionSpace as Space<unknown>;
    this.observationSpace = batchSpace(this.singleObservationSpace, numEnvs) as Space<Float32Array>;
    this.actionSpace = batchSpace(this.singleActionSpace, numEnvs);
    const mode = checkAutoresetMode(options.autoresetMode ?? 'next-step');
    this.metadata = { renderModes: ['ansi'], renderFps: 4, autoresetMode: mode };
    const horizon = this.config.horizon;
    const settings: BatchSettings = { mode: AUTORESET_CODES.indexOf(mode), end: max !== null && max < horizon ? max : horizon, infos: this.withInfos };
    // no more threads than sub-environments; each thread a contiguous shard
    const threads = Math.max(1, Math.min(workers, numEnvs));
    this.workers = threads;
    const arrays = new BatchArrays(numEnvs, threads > 1);
    const shards = shardsOf(numEnvs, threads);
    this.local = new EdgeLLMBatch(this.config, arrays, 0, shards[0]!.count, settings);
    this.core = threads > 1 ? new EdgeLLMCore(this.config, numEnvs, arrays.allocator(0, numEnvs)) : this.local.core;
    this.v = batchViews(arrays, this.core, 0, numEnvs);
    this.v.lastSeeds.fill(Number.NaN);
    this.infoBlock = this.withInfos ? infoRows(arrays, this.core.P, 0, numEnvs).block : new Uint8Array(0);
    const pool =
      threads > 1
        ? new BatchWorkerPool({ config: this.config, arrays, shards: shards.slice(1), settings, timeoutMs: options.workerTimeoutMs ?? DEFAULT_WORKER_TIMEOUT_MS })
        : null;
    this.pool = pool;
    const staged = arrays.view('stagedAction', stagedActionBytesPerEnv(this.core.P), Uint8Array, 0, numEnvs);
    this.stagedParts = stagedRows(staged, numEnvs, this.core.P, this.config.actionFormat === 'box', 0, numEnvs);
    // with worker threads the calling thread prepares the step infos while it waits for them
    const prepare = pool !== null && this.withInfos;
    this.stepOwn = () => {
      this.local.step(this.stagedCode);
      if (prepare) this.pending = this.prepareStepInfos();
    };
    this.terminations = new Array<boolean>(numEnvs).fill(false);
    this.truncations = new Array<boolean>(numEnvs).fill(false);
    this.result = [this.v.obs, this.v.rewards, this.terminations, this.truncations, NO_INFOS];
  }

  /**
   * Resolves once every worker thread has started (at once without workers). Stepping waits for them
   * anyway (blocking the calling thread); awaiting this first keeps the event loop free meanwhile.
   * @throws {GymError} when a worker failed to start.
   */
  async ready(): Promise<void> {
    if (this.pool !== null) await this.pool.ready();
  }

  /**
   * Resets every sub-environment (sub-environment `i` with `seed + i` when one seed is given), or, with
   * `options.reset_mask`, only the flagged ones; the others keep their current observation. The other
   * options go to every reset sub-environment (`split` for trace workloads).
   */
  override reset(args: VectorResetArgs = {}): [Float32Array, VectorInfo] {
    this.assertOpen();
    const n = this.numEnvs;
    const seeds = expandSeeds(args.seed, n);
    const [mask, options] = readResetMask(args.options, n);
    const opts = options ?? {};
    this.core.checkResetOptions(opts);
    for (let i = 0; i < n; i++) if (seeds[i] !== undefined) checkSeed(seeds[i]);
    const v = this.v;
    for (let i = 0; i < n; i++) {
      v.seeds[i] = seeds[i] ?? Number.NaN;
      v.resetMask[i] = mask === null || mask[i] ? 1 : 0;
    }
    const split = SPLIT_CODES.indexOf(opts.split as never);
    this.run(() => this.local.reset(mask !== null, split), OP_RESET, (mask !== null ? 4 : 0) | split);
    const infos: VectorInfo = {};
    if (this.withInfos) {
      for (let i = 0; i < n; i++) if (v.resetMask[i] === 1) addInfo(infos, this.core.resetInfo(i), i, n);
    }
    return [v.obs, this.withInfos ? infos : NO_INFOS];
  }

  /**
   * Steps every sub-environment with its row of `actions` (projected to a feasible action, as
   * `EdgeLLMEnv.step`). What happens to a sub-environment whose episode ended depends on the autoreset
   * mode. The actions are checked before any sub-environment steps; then each thread loads its shard's
   * rows of them.
   * @throws {InvalidAction} naming the sub-environment and entry of a malformed action; nothing stepped.
   * @throws {ResetNeeded} before every sub-environment was reset, or in `disabled` mode when an ended one
   *   was not reset.
   * @throws {GymError} when a worker thread failed or did not answer (the vector env is closed then).
   */
  override step(actions: unknown): VectorStepResult<Float32Array> {
    this.assertOpen();
    const mode = this.metadata.autoresetMode;
    this.checkOrder(mode);
    const skip = mode === 'next-step' ? this.v.autoreset : null;
    let code = this.stage(actions, skip);
    if (code < 0) {
      const converted = this.actionSpace.fromLists(actions);
      if (converted !== actions) code = this.stage(converted, skip);
      if (code < 0) this.refuse(converted, mode);
    }
    return this.stepStaged(code);
  }

  /**
   * `step` for a batch that {@link isValidBatch} accepts, with the batch checked once: when `actions` is a
   * batch of typed arrays of the batched action space's sizes whose every row is valid (rows of
   * sub-environments this step resets included, which `step` itself ignores), steps and returns what `step`
   * returns; otherwise returns `null` with nothing stepped or changed (a server then checks the action
   * itself and words the refusal).
   * @throws {ResetNeeded} as `step`, for a valid batch.
   */
  stepIfValid(actions: unknown): VectorStepResult<Float32Array> | null {
    this.assertOpen();
    const code = this.stage(actions, null);
    if (code < 0) return null;
    this.checkOrder(this.metadata.autoresetMode);
    return this.stepStaged(code);
  }

  /** Steps with the actions staged under `code` and gathers the result. */
  private stepStaged(code: number): VectorStepResult<Float32Array> {
    const n = this.numEnvs;
    this.stagedCode = code;
    this.run(this.stepOwn, OP_STEP, code);
    const v = this.v;
    const truncs = this.truncations;
    for (let i = 0; i < n; i++) truncs[i] = v.truncations[i] === 1;
    const result = this.result;
    result[4] = this.withInfos ? this.stepInfos() : NO_INFOS;
    return result;
  }

  /** Runs `own` (the calling thread's shard) and operation `op` on the workers' shards, and waits for all. */
  private run(own: () => void, op: number, arg: number): void {
    const pool = this.pool;
    if (pool === null) {
      own();
      return;
    }
    try {
      pool.start(op, arg);
    } catch (e) {
      this.closeAfterFailure();
      throw e;
    }
    let error: unknown = null;
    try {
      own();
    } catch (e) {
      error = e;
    }
    try {
      pool.finish();
    } catch (e) {
      this.closeAfterFailure();
      throw e;
    }
    if (error !== null) throw error;
  }

  /** The vector info of a step, as a `SyncVectorEnv` merges its sub-environments' infos. */
  private stepInfos(): VectorInfo {
    const n = this.numEnvs;
    const v = this.v;
    const D = this.core.obsSize;
    let anyStepped = false;
    let anyReset = false;
    let anyFinal = false;
    for (let i = 0; i < n; i++) {
      if (v.stepped[i] === 1) anyStepped = true;
      if (v.resetNow[i] === 1) anyReset = true;
      if (v.hasFinal[i] === 1) anyFinal = true;
    }
    let infos: VectorInfo = {};
    if (anyStepped && !anyFinal) infos = this.fillStepInfos();
    if (anyFinal) {
      const values = new Array<unknown>(n).fill(null);
      const mask = new Array<boolean>(n).fill(false);
      for (let i = 0; i < n; i++) {
        if (v.hasFinal[i] === 0) continue;
        values[i] = v.finalObs.slice(i * D, (i + 1) * D);
        mask[i] = true;
        // the step info of the slot that ended the episode: the reset since then changed only the slot
        const finalInfo = this.core.stepInfo(i);
        finalInfo.slot = v.finalSlot[i]!;
        addInfo(infos, { final_info: finalInfo }, i, n);
      }
      infos.final_obs = values;
      infos._final_obs = mask;
    }
    if (anyStepped && anyFinal) {
      const step = this.fillStepInfos();
      for (const key in step) infos[key] = step[key];
    }
    this.pending = null;
    if (anyReset) {
      for (let i = 0; i < n; i++) {
        if (v.resetNow[i] === 0) continue;
        addInfo(infos, this.core.resetInfo(i), i, n);
      }
    }
    return infos;
  }

  /**
   * The step infos' typed arrays cut from fresh memory, not yet holding the values (the shards' info block
   * is copied in by `fillStepInfos`), in the objects of the vector info, whose masks are still to be set:
   * everything of the step infos that does not depend on the step's results, which the calling thread
   * prepares while the worker threads finish.
   */
  private prepareStepInfos(): PendingStepInfos {
    const n = this.numEnvs;
    const P = this.core.P;
    const arena = this.arena;
    const at = arena.reserve(this.infoBlock.length);
    const buffer = arena.buffer;
    const f64 = (k: number) => new Float64Array(buffer, at + 8 * k * n, n);
    const K = INFO_F64_KEYS.length;
    // every key in today's order; the masks (null here) are set by fillStepInfos
    const costs: VectorInfo = {
      switching: f64(1),
      _switching: null,
      communication: f64(2),
      _communication: null,
      computation: f64(3),
      _computation: null,
      accuracy: f64(4),
      _accuracy: null,
      cloud: f64(5),
      _cloud: null,
      total: f64(6),
      _total: null,
    };
    const applied: VectorInfo = {
      cache: new Int8Array(buffer, at + 8 * K * n + 4 * n * P, n * P),
      _cache: null,
      local: new Float32Array(buffer, at + 8 * K * n, n * P),
      _local: null,
    };
    const infos: VectorInfo = {
      slot: f64(0),
      _slot: null,
      costs,
      _costs: null,
      requests: f64(7),
      _requests: null,
      edgeShare: f64(8),
      _edgeShare: null,
      cloudShare: f64(9),
      _cloudShare: null,
      accuracy: f64(10),
      _accuracy: null,
      energyUsed: f64(11),
      _energyUsed: null,
      energyBound: null,
      _energyBound: null,
      memoryUsed: f64(12),
      _memoryUsed: null,
      memoryBound: null,
      _memoryBound: null,
      loads: f64(13),
      _loads: null,
      evictions: f64(14),
      _evictions: null,
      applied,
      _applied: null,
    };
    return { at, infos, costs, applied };
  }

  /**
   * The step infos of the sub-environments that stepped (`stepped`): the prepared arrays (prepared now
   * without worker threads) receive a copy of the info staging block, which the shards wrote (0 for the
   * sub-environments that did not step), and the masks are set.
   */
  private fillStepInfos(): VectorInfo {
    const { at, infos, costs, applied } = this.pending ?? this.prepareStepInfos();
    this.arena.write(this.infoBlock, at);
    const m = this.v.stepped;
    const L = this.core.last;
    const mask = boolsOf(m);
    infos._slot = mask.slice();
    costs._switching = mask.slice();
    costs._communication = mask.slice();
    costs._computation = mask.slice();
    costs._accuracy = mask.slice();
    costs._cloud = mask.slice();
    costs._total = mask.slice();
    infos._costs = mask.slice();
    infos._requests = mask.slice();
    infos._edgeShare = mask.slice();
    infos._cloudShare = mask.slice();
    infos._accuracy = mask.slice();
    infos._energyUsed = mask.slice();
    infos.energyBound = maskedBools(L.energyBound, m);
    infos._energyBound = mask.slice();
    infos._memoryUsed = mask.slice();
    infos.memoryBound = maskedBools(L.memoryBound, m);
    infos._memoryBound = mask.slice();
    infos._loads = mask.slice();
    infos._evictions = mask.slice();
    applied._cache = mask.slice();
    applied._local = mask;
    infos._applied = mask.slice();
    return infos;
  }

  /** Refuses a step before every sub-environment was reset, or, in `disabled` mode, after an episode ended. */
  private checkOrder(mode: AutoresetMode): void {
    const n = this.numEnvs;
    let ok = true;
    const { started, autoreset } = this.v;
    for (let i = 0; i < n; i++) if (started[i] === 0 || (mode === 'disabled' && autoreset[i] === 1)) ok = false;
    if (ok) return;
    const never = [...started.keys()].filter((i) => started[i] === 0);
    if (never.length > 0) {
      throw new ResetNeeded(`Cannot call step() before calling reset(): sub-environment(s) ${never.join(', ')} were never reset.`);
    }
    const ended = [...autoreset.keys()].filter((i) => autoreset[i] === 1);
    throw new ResetNeeded(
      `Sub-environment(s) ${ended.join(', ')} ended their episode and autoresetMode is 'disabled'; ` +
        'reset them with reset({ options: { reset_mask } }) before stepping again.',
    );
  }

  /**
   * Checks `actions` and copies its bytes as given into the staged action, from which each shard loads its
   * rows: `actions` must be a batch of typed arrays of the batched action space's sizes whose every row
   * that will step (rows flagged in `skip` are ignored: sub-environments reset by this step in
   * `next-step` mode) is an element of the single action space.
   * @returns the code of the staged action (see `stagedActionCode`), or -1 when `actions` is not such a
   *   batch (nothing is copied then).
   */
  private stage(actions: unknown, skip: Uint8Array | null): number {
    const n = this.numEnvs;
    const P = this.core.P;
    if (this.config.actionFormat === 'box') {
      const x = typedArrayOfLength(actions, n * 2 * P);
      if (x === null || !boxRowsValid(x, n, P, skip)) return -1;
      const type = DTYPES.indexOf(dtypeOf(x)!);
      this.stagedParts[0]!.as(type).set(x);
      return stagedActionCode(type, 0);
    }
    if (actions === null || typeof actions !== 'object' || Array.isArray(actions) || ArrayBuffer.isView(actions)) return -1;
    const obj = actions as Record<string, unknown>;
    for (const k in obj) if (Object.hasOwn(obj, k) && k !== 'cache' && k !== 'local') return -1;
    const cache = typedArrayOfLength(obj.cache, n * P);
    const fractions = typedArrayOfLength(obj.local, n * P);
    if (cache === null || fractions === null || !dictRowsValid(cache, fractions, n, P, skip)) return -1;
    const cacheType = DTYPES.indexOf(dtypeOf(cache)!);
    const localType = DTYPES.indexOf(dtypeOf(fractions)!);
    this.stagedParts[0]!.as(cacheType).set(cache);
    this.stagedParts[1]!.as(localType).set(fractions);
    return stagedActionCode(cacheType, localType);
  }

  /**
   * Throws the error of a malformed action (`converted`: the action with lists converted to typed
   * arrays): the first row that would step and is not an element of the single action space (rows of
   * sub-environments reset by this step in `next-step` mode are ignored), else the batch's shape.
   * @throws {InvalidAction} naming the first offending sub-environment and entry.
   */
  private refuse(converted: unknown, mode: AutoresetMode): never {
    const score = new Float64Array(this.core.P);
    const local = new Float64Array(this.core.P);
    for (let i = 0; i < this.numEnvs; i++) {
      if (mode === 'next-step' && this.v.autoreset[i] === 1) continue;
      let row: unknown;
      try {
        row = itemAt(this.singleActionSpace, converted, i);
      } catch {
        break;
      }
      loadAction(this.singleActionSpace, this.config.actionFormat, row, score, local, `actions[${i}]`);
    }
    const why = this.actionSpace.explain(converted, 'actions');
    throw new InvalidAction(
      `EdgeLLM ${why ?? 'actions are not a batch of typed arrays'}. A batched action is ` +
        (this.config.actionFormat === 'box'
          ? `one array of ${this.numEnvs} × ${2 * this.core.P} values in [-1, 1]`
          : `{ cache, local }, each an array of ${this.numEnvs} × ${this.core.P} entries`) +
        '.',
    );
  }

  /**
   * Whether `actions` is a batch of typed arrays of the batched action space's sizes whose every row is an
   * element of the single action space (what `step` accepts without converting; a server checks requests
   * with it).
   */
  isValidBatch(actions: unknown): boolean {
    return this.fastCheck(actions);
  }

  /** Whether `actions` is a batch of typed arrays of the batched action space's sizes whose every row is valid. */
  private fastCheck(actions: unknown): boolean {
    const n = this.numEnvs;
    const P = this.core.P;
    if (this.config.actionFormat === 'box') {
      const x = typedArrayOfLength(actions, n * 2 * P);
      return x !== null && boxRowsValid(x, n, P, null);
    }
    if (actions === null || typeof actions !== 'object' || Array.isArray(actions) || ArrayBuffer.isView(actions)) return false;
    const obj = actions as Record<string, unknown>;
    for (const k in obj) if (Object.hasOwn(obj, k) && k !== 'cache' && k !== 'local') return false;
    const cache = typedArrayOfLength(obj.cache, n * P);
    const fractions = typedArrayOfLength(obj.local, n * P);
    return cache !== null && fractions !== null && dictRowsValid(cache, fractions, n, P, null);
  }

  /** Renders every sub-environment (mode `ansi`: one text frame each; `null` entries without a render mode). */
  render(): (string | null)[] {
    const core = this.core;
    const P = core.P;
    return Array.from({ length: this.numEnvs }, (_, i) => {
      if (this.config.renderMode !== 'ansi') return null;
      const rows = <T extends Float64Array | Uint8Array>(a: T) => a.subarray(i * P, (i + 1) * P) as T;
      return renderAnsi(this.config, {
        slot: core.t[i]!,
        cached: rows(core.cached),
        K: rows(core.K),
        kappa: rows(core.kappa),
        requests: rows(core.requests),
        last: this.v.hasLast[i] === 1 ? core.stepInfo(i) : null,
      });
    });
  }

  override get renderMode(): string | null {
    return this.config.renderMode;
  }

  /** `true` once {@link EdgeLLMVectorEnv.close} was called. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Closes the vector env; with worker threads, ends them. */
  override close(): void {
    this.isClosed = true;
    this.pool?.close();
  }

  /** Closes after a worker thread failed: its shard's state is unknown, so no further step may run. */
  private closeAfterFailure(): void {
    this.close();
  }

  private assertOpen(): void {
    if (this.isClosed) throw new ClosedEnvironment('This EdgeLLMVectorEnv is closed; make a new one.');
  }
}
