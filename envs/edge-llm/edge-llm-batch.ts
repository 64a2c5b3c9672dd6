/**
 * The stepping of a contiguous shard of an `EdgeLLMVectorEnv`'s sub-environments, on arrays that the
 * calling thread and worker threads can share (docs/model.md#the-batch-native-vector-env).
 * @module
 */
import { Generator, npRandom } from '../../src/random/generator.ts';
import { DTYPES, type TypedArray, arrayType } from '../../src/spaces/dtype.ts';
import type { ResolvedConfig } from './config.ts';
import { type CoreArrayAllocator, type CoreArrayType, EdgeLLMCore } from './edge-llm-core.ts';

/** Autoreset modes as numbers (the order of {@link AUTORESET_CODES}). */
export const AUTORESET_CODES = ['next-step', 'same-step', 'disabled'] as const;

/** The `split` reset option as a number: 0 none, 1 'train', 2 'eval'. */
export const SPLIT_CODES = [undefined, 'train', 'eval'] as const;

/**
 * Named typed arrays of `numEnvs × perEnv` entries each, one buffer per name, created on first request:
 * the state of every sub-environment of a vector env (the core's fields and the batch's). With
 * `shared: true` the buffers are `SharedArrayBuffer`s, which worker threads view without copying
 * ({@link BatchArrays.buffers} goes to the workers, which rebuild the same arrays with
 * the `buffers` argument of the constructor).
 */
export class BatchArrays {
  /** Sub-environments of the whole vector. */
  readonly numEnvs: number;
  /** The buffers by name. */
  readonly buffers: Record<string, ArrayBufferLike>;
  /** Whether the buffers are shared memory. */
  readonly shared: boolean;
  /** Whether the buffers came from another thread (no new name may appear then). */
  private readonly frozen: boolean;

  /**
   * @param numEnvs sub-environments of the whole vector.
   * @param shared whether the buffers are shared memory.
   * @param buffers the buffers of another thread's arrays ({@link BatchArrays.buffers}), to view the same memory.
   */
  constructor(numEnvs: number, shared: boolean, buffers?: Record<string, ArrayBufferLike>) {
    this.numEnvs = numEnvs;
    this.shared = shared;
    this.frozen = buffers !== undefined;
    this.buffers = { ...buffers };
  }

  /** The view of sub-environments [start, start + count) of array `name`, created (zeros) if new. */
  view<C extends CoreArrayType | Float32ArrayConstructor>(name: string, perEnv: number, type: C, start: number, count: number): InstanceType<C> {
    let buffer = this.buffers[name];
    if (buffer === undefined) {
      if (this.frozen) throw new Error(`BatchArrays: no buffer '${name}' was shared; the two threads disagree on the layout.`);
      const bytes = this.numEnvs * perEnv * type.BYTES_PER_ELEMENT;
      buffer = this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
      this.buffers[name] = buffer;
    }
    return new type(buffer as ArrayBuffer, start * perEnv * type.BYTES_PER_ELEMENT, count * perEnv) as InstanceType<C>;
  }

  /** A {@link CoreArrayAllocator} of sub-environments [start, start + count). */
  allocator(start: number, count: number): CoreArrayAllocator {
    return (name, perEnv, type) => this.view(`core.${name}`, perEnv, type, start, count);
  }
}

/**
 * The Float64 arrays of a step's infos, in the order of the info staging block (see {@link infoRows}):
 * the slot, the six costs, requests, the two shares, accuracy, energy, memory, loads and evictions.
 */
export const INFO_F64_KEYS = [
  'slot',
  'switching',
  'communication',
  'computation',
  'accuracyCost',
  'cloud',
  'cost',
  'requests',
  'edgeShare',
  'cloudShare',
  'accuracy',
  'energyUsed',
  'memoryUsed',
  'loads',
  'evictions',
] as const;

/** Bytes per sub-environment of the info staging block: the Float64 values, then P applied local fractions (Float32) and P cache bits (Int8). */
export function infoBytesPerEnv(P: number): number {
  return 8 * INFO_F64_KEYS.length + 5 * P;
}

/** A shard's rows of the info staging block. */
export interface InfoRows {
  /** The whole block (every sub-environment), as bytes. */
  block: Uint8Array;
  /** The shard's entries of each array of {@link INFO_F64_KEYS}. */
  f64: Float64Array[];
  /** The shard's rows of the applied local fractions (count × P). */
  local: Float32Array;
  /** The shard's rows of the applied cache bits (count × P). */
  cache: Int8Array;
}

/**
 * The info staging block of a vector env's arrays (the array `infos`) and sub-environments [start, start +
 * count)'s rows of it. The block holds every typed array of a step's infos, each over all sub-environments
 * (array after array: the {@link INFO_F64_KEYS}, then the applied local fractions, then the applied cache
 * bits), so that the calling thread copies it in one piece and cuts the info arrays from the copy; every
 * shard writes its own rows of each array after its step.
 */
export function infoRows(arrays: BatchArrays, P: number, start: number, count: number): InfoRows {
  const n = arrays.numEnvs;
  const block = arrays.view('infos', infoBytesPerEnv(P), Uint8Array, 0, n);
  const buffer = block.buffer as ArrayBuffer;
  const K = INFO_F64_KEYS.length;
  return {
    block,
    f64: Array.from({ length: K }, (_, k) => new Float64Array(buffer, 8 * (k * n + start), count)),
    local: new Float32Array(buffer, 8 * K * n + 4 * start * P, count * P),
    cache: new Int8Array(buffer, 8 * K * n + 4 * n * P + start * P, count * P),
  };
}

/** Bytes per sub-environment of the staged action: room for two arrays of P 8-byte entries (or one box of 2P). */
export function stagedActionBytesPerEnv(P: number): number {
  return 16 * P;
}

/**
 * The code of a staged action (the argument of a step), from the element types of its arrays (indices of
 * `DTYPES`): the dict format's `cache` and `local` arrays, or the box format's one array (`local` unused).
 * The staged action holds the arrays' bytes as given: `cache` (or the box) from byte 0, `local` from byte
 * 8·numEnvs·P, each sub-environment's row at its index times the row's bytes.
 */
export function stagedActionCode(cacheType: number, localType: number): number {
  return cacheType | (localType << 4);
}

/**
 * A run of `length` entries of the staged action seen as an array of any element type: entry 0 at byte
 * `byteBase + first·size`, where `size` is the element type's size. The view of each element type is made
 * on first use and kept, so reading or writing the staged action allocates nothing.
 */
export class StagedRegion {
  private readonly staged: Uint8Array;
  private readonly byteBase: number;
  private readonly first: number;
  private readonly length: number;
  private readonly views: (TypedArray | undefined)[] = [];

  /**
   * @param staged the staged action's bytes.
   * @param byteBase byte of the region's part (0 for `cache` or the box, 8·numEnvs·P for `local`).
   * @param first index of the region's first entry within that part.
   * @param length entries in the region.
   */
  constructor(staged: Uint8Array, byteBase: number, first: number, length: number) {
    this.staged = staged;
    this.byteBase = byteBase;
    this.first = first;
    this.length = length;
  }

  /** The region as an array of element type `DTYPES[type]`. */
  as(type: number): TypedArray {
    let view = this.views[type];
    if (view === undefined) {
      const T = arrayType(DTYPES[type]!);
      view = new T(this.staged.buffer, this.staged.byteOffset + this.byteBase + this.first * T.BYTES_PER_ELEMENT, this.length);
      this.views[type] = view;
    }
    return view;
  }
}

/**
 * The rows `start … start + count` of the staged action of `numEnvs` sub-environments with `P` pairs each:
 * `[cache, local]` in the dict format, `[box]` in the box format (see {@link stagedActionCode}).
 */
export function stagedRows(staged: Uint8Array, numEnvs: number, P: number, box: boolean, start: number, count: number): StagedRegion[] {
  return box
    ? [new StagedRegion(staged, 0, start * 2 * P, count * 2 * P)]
    : [new StagedRegion(staged, 0, start * P, count * P), new StagedRegion(staged, 8 * numEnvs * P, start * P, count * P)];
}

/** What {@link EdgeLLMBatch} needs to know of its vector env. */
export interface BatchSettings {
  /** Autoreset mode (an index of {@link AUTORESET_CODES}). */
  mode: number;
  /** Slot at which an episode is truncated: the smaller of the horizon and `maxEpisodeSteps`. */
  end: number;
  /** Whether infos are built (a same-step reset keeps the final observation and slot only then). */
  infos: boolean;
}

/**
 * Sub-environments [start, start + count) of a vector env: their {@link EdgeLLMCore}, their generators,
 * and views of the vector's arrays (observations, rewards, flags, the action buffers), all indexed from 0
 * at `start`. {@link EdgeLLMBatch.step} and {@link EdgeLLMBatch.reset} are what the vector env's `step`
 * and `reset` do to each sub-environment: the vector env (on the calling thread) checks the action and
 * copies its bytes as given into the staged action; each shard turns its rows of it into cache scores and
 * local fractions, steps, and writes its rows of the info arrays, from which the vector env cuts the
 * infos. One shard runs on the calling thread, the others (if any) each on a worker thread; every field a
 * thread writes belongs to its own sub-environments.
 */
export class EdgeLLMBatch {
  /** The state of the shard's sub-environments. */
  readonly core: EdgeLLMCore;
  /** Sub-environments in the shard. */
  readonly count: number;
  private readonly settings: BatchSettings;
  private readonly rngs: (Generator | null)[];
  /** Cache scores and local fractions of the step's action, one row of P per sub-environment. */
  private readonly scoreRows: Float64Array[];
  private readonly localRows: Float64Array[];
  private readonly v: BatchViews;
  /** Whether actions come as one box of cache scores and local values in [-1, 1] (`actionFormat: 'box'`). */
  private readonly box: boolean;
  /**
   * The shard's rows of the staged action (see {@link stagedActionCode}): `cache` and `local` in the dict
   * format, the box in the box format.
   */
  private readonly stagedRows: StagedRegion[];
  /** The shard's rows of the info staging block, or `null` without infos. */
  private readonly info: InfoRows | null;
  /** The core's arrays each array of {@link INFO_F64_KEYS} copies, in that order. */
  private readonly infoSources: (Float64Array | Int32Array)[];
  /**
   * With shared arrays, the shard's one-byte-per-sub-environment arrays (flags) that it writes, each as
   * [own copy, shared view]: the shard writes its own copy and publishes it after every step and reset
   * (one `set` each). Written in place, the flags of two shards share a cache line, which their threads
   * would pass back and forth at every write.
   */
  private readonly flags: [Uint8Array, Uint8Array][] = [];

  /**
   * @param config the resolved configuration of every sub-environment.
   * @param arrays the vector's arrays.
   * @param start first sub-environment of the shard.
   * @param count sub-environments in the shard.
   */
  constructor(config: Readonly<ResolvedConfig>, arrays: BatchArrays, start: number, count: number, settings: BatchSettings) {
    const shared = arrays.allocator(start, count);
    const own = <T extends Uint8Array>(view: T): T => {
      const copy = view.slice() as T;
      this.flags.push([copy, view]);
      return copy;
    };
    // the core's flags (energy and memory bound, the trace split) in the shard's own memory too
    const allocator: CoreArrayAllocator = arrays.shared
      ? (name, perEnv, type) => {
          const view = shared(name, perEnv, type);
          return (type === Uint8Array && perEnv === 1 ? own(view as Uint8Array) : view) as never;
        }
      : shared;
    this.core = new EdgeLLMCore(config, count, allocator);
    this.count = count;
    this.settings = settings;
    this.rngs = new Array<Generator | null>(count).fill(null);
    const views = batchViews(arrays, this.core, start, count);
    if (arrays.shared) {
      // resetMask is written by the calling thread: read in place
      for (const key of ['truncations', 'started', 'autoreset', 'stepped', 'resetNow', 'hasLast', 'hasFinal'] as const) views[key] = own(views[key]);
    }
    this.v = views;
    const P = this.core.P;
    this.scoreRows = Array.from({ length: count }, (_, i) => this.v.score.subarray(i * P, (i + 1) * P));
    this.localRows = Array.from({ length: count }, (_, i) => this.v.local.subarray(i * P, (i + 1) * P));
    this.box = config.actionFormat === 'box';
    const staged = arrays.view('stagedAction', stagedActionBytesPerEnv(P), Uint8Array, 0, arrays.numEnvs);
    this.stagedRows = stagedRows(staged, arrays.numEnvs, P, this.box, start, count);
    this.info = settings.infos ? infoRows(arrays, P, start, count) : null;
    const L = this.core.last;
    // in the order of INFO_F64_KEYS
    this.infoSources = [
      this.core.t,
      L.switching,
      L.communication,
      L.computation,
      L.accuracyCost,
      L.cloud,
      L.cost,
      L.requests,
      L.edgeShare,
      L.cloudShare,
      L.accuracy,
      L.energyUsed,
      L.memoryUsed,
      L.loads,
      L.evictions,
    ];
  }

  /**
   * Loads the shard's rows of the staged action (see {@link stagedActionCode}) into the cache-score and
   * local-fraction buffers: in the dict format the values as given, in the box format the cache scores
   * `max(c, 0)` and the local fractions `(b + 1) / 2` of docs/model.md. The vector env checked the rows.
   */
  private loadStagedAction(code: number): void {
    const P = this.core.P;
    if (this.box) {
      const x = this.stagedRows[0]!.as(code & 15);
      const score = this.v.score;
      const local = this.v.local;
      for (let i = 0; i < this.count; i++) {
        const o = i * 2 * P;
        for (let p = 0, q = i * P; p < P; p++, q++) {
          const c = x[o + p]!;
          score[q] = c > 0 ? c : 0;
          local[q] = (x[o + P + p]! + 1) / 2;
        }
      }
      return;
    }
    this.v.score.set(this.stagedRows[0]!.as(code & 15));
    this.v.local.set(this.stagedRows[1]!.as(code >> 4));
  }

  /**
   * Writes the shard's rows of the info arrays from the last step: the core's results, and 0 for the
   * sub-environments that did not step (`stepped` is 0: reset by the step), as the vector infos' masks say.
   */
  private writeInfos(info: InfoRows): void {
    const src = this.infoSources;
    const f64 = info.f64;
    for (let k = 0; k < f64.length; k++) f64[k]!.set(src[k]!);
    info.local.set(this.core.appliedLocal);
    info.cache.set(this.core.appliedCache);
    const stepped = this.v.stepped;
    const P = this.core.P;
    for (let i = 0; i < this.count; i++) {
      if (stepped[i] === 1) continue;
      for (let k = 0; k < f64.length; k++) f64[k]![i] = 0;
      info.local.fill(0, i * P, (i + 1) * P);
      info.cache.fill(0, i * P, (i + 1) * P);
    }
  }

  /**
   * Resets the shard's sub-environments (those flagged in `resetMask` when `masked`) with the seeds in
   * `seeds` (NaN: keep the generator) and the `split` option (an index of {@link SPLIT_CODES}).
   */
  reset(masked: boolean, split: number): void {
    const v = this.v;
    const core = this.core;
    const D = core.obsSize;
    for (let i = 0; i < this.count; i++) {
      if (masked && v.resetMask[i] === 0) continue;
      const seed = v.seeds[i]!;
      if (!Number.isNaN(seed)) {
        this.rngs[i] = new Generator(seed);
        v.lastSeeds[i] = seed;
      }
      core.reset(i, this.rngOf(i), this.lastSeed(i), SPLIT_CODES[split]);
      v.started[i] = 1;
      v.autoreset[i] = 0;
      v.hasLast[i] = 0;
      core.writeObservation(i, v.obs, i * D);
    }
    this.publishFlags();
  }

  /** Copies the shard's own flags into the shared arrays (see {@link EdgeLLMBatch.flags}). */
  private publishFlags(): void {
    const flags = this.flags;
    for (let k = 0; k < flags.length; k++) flags[k]![1].set(flags[k]![0]);
  }

  /**
   * Steps the shard's sub-environments with the action rows in the action buffers (first loaded from the
   * staged action when `staged` is its code, see {@link stagedActionCode}; -1: the buffers hold it
   * already): what a `SyncVectorEnv` of `make`'s `EdgeLLMEnv`s does to each, in the vector's autoreset
   * mode. Writes observations, rewards, truncations and the flags the vector env reads (`stepped`: the
   * step's info is the step's; `resetNow`: the sub-environment was reset and its info is the reset's;
   * `hasFinal`: a same-step reset kept the final observation and slot), and with infos the shard's rows of
   * the info arrays.
   */
  step(staged = -1): void {
    if (staged >= 0) this.loadStagedAction(staged);
    const v = this.v;
    const core = this.core;
    const D = core.obsSize;
    const { mode, end, infos } = this.settings;
    const nextStep = mode === 0;
    const sameStep = mode === 1;
    const obs = v.obs;
    const t = core.t;
    const reward = core.last.reward;
    for (let i = 0; i < this.count; i++) {
      v.hasFinal[i] = 0;
      if (nextStep && v.autoreset[i] === 1) {
        // the reset step: the action is ignored, reward 0, not terminated nor truncated
        core.reset(i, this.rngs[i]!, this.lastSeed(i), undefined);
        core.writeObservation(i, obs, i * D);
        v.rewards[i] = 0;
        v.truncations[i] = 0;
        v.autoreset[i] = 0;
        v.hasLast[i] = 0;
        v.stepped[i] = 0;
        v.resetNow[i] = 1;
        continue;
      }
      const rng = this.rngs[i]!;
      core.stepWith(i, rng, this.scoreRows[i]!, this.localRows[i]!);
      v.rewards[i] = reward[i]!;
      const truncated = t[i]! >= end;
      v.truncations[i] = truncated ? 1 : 0;
      v.hasLast[i] = 1;
      if (sameStep && truncated) {
        if (infos) {
          core.writeObservation(i, v.finalObs, i * D);
          v.finalSlot[i] = t[i]!;
          v.hasFinal[i] = 1;
        }
        core.reset(i, rng, this.lastSeed(i), undefined);
        core.writeObservation(i, obs, i * D);
        v.hasLast[i] = 0;
        v.stepped[i] = 0;
        v.resetNow[i] = 1;
        continue;
      }
      core.writeObservation(i, obs, i * D);
      v.autoreset[i] = truncated ? 1 : 0;
      v.stepped[i] = 1;
      v.resetNow[i] = 0;
    }
    this.publishFlags();
    if (this.info !== null) this.writeInfos(this.info);
  }

  private lastSeed(i: number): number | undefined {
    const s = this.v.lastSeeds[i]!;
    return Number.isNaN(s) ? undefined : s;
  }

  /** Sub-environment `i`'s generator, drawn from OS entropy when it was never seeded (as `Env.npRandom`). */
  private rngOf(i: number): Generator {
    let rng = this.rngs[i];
    if (rng === null || rng === undefined) {
      rng = npRandom()[0];
      this.rngs[i] = rng;
    }
    return rng;
  }
}

/** The vector's per-sub-environment arrays other than the core's, as views of one shard (or of all). */
export interface BatchViews {
  /** Observations (numEnvs × obsSize). */
  obs: Float32Array;
  rewards: Float64Array;
  /** 0/1 per sub-environment. */
  truncations: Uint8Array;
  started: Uint8Array;
  autoreset: Uint8Array;
  stepped: Uint8Array;
  resetNow: Uint8Array;
  hasLast: Uint8Array;
  hasFinal: Uint8Array;
  finalSlot: Int32Array;
  /** Final observations of same-step resets (numEnvs × obsSize). */
  finalObs: Float32Array;
  /** The step's action: cache scores and local fractions (numEnvs × P each). */
  score: Float64Array;
  local: Float64Array;
  /** Reset arguments: seed per sub-environment (NaN: none) and the reset mask. */
  seeds: Float64Array;
  resetMask: Uint8Array;
  /** The last seed each sub-environment was reset with (NaN: none yet). */
  lastSeeds: Float64Array;
}

/** The views of sub-environments [start, start + count) of the vector's arrays. */
export function batchViews(arrays: BatchArrays, core: EdgeLLMCore, start: number, count: number): BatchViews {
  const P = core.P;
  const D = core.obsSize;
  const u8 = (name: string) => arrays.view(name, 1, Uint8Array, start, count);
  const views: BatchViews = {
    obs: arrays.view('obs', D, Float32Array, start, count),
    rewards: arrays.view('rewards', 1, Float64Array, start, count),
    truncations: u8('truncations'),
    started: u8('started'),
    autoreset: u8('autoreset'),
    stepped: u8('stepped'),
    resetNow: u8('resetNow'),
    hasLast: u8('hasLast'),
    hasFinal: u8('hasFinal'),
    finalSlot: arrays.view('finalSlot', 1, Int32Array, start, count),
    finalObs: arrays.view('finalObs', D, Float32Array, start, count),
    score: arrays.view('score', P, Float64Array, start, count),
    local: arrays.view('local', P, Float64Array, start, count),
    seeds: arrays.view('seeds', 1, Float64Array, start, count),
    resetMask: u8('resetMask'),
    lastSeeds: arrays.view('lastSeeds', 1, Float64Array, start, count),
  };
  return views;
}
