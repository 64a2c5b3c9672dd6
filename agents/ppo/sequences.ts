/**
 * Turning a time-major rollout into whole-episode sequences for sequence policies (the TTT actor and
 * critic), and back.
 *
 * A rollout of `steps` steps from `numEnvs` environments is stored time-major (row t·numEnvs + e). A
 * sequence model must see each episode from its first token, because its inner state starts from W₀
 * there; so the rollout is cut at episode ends into segments, each packed into one row of a padded
 * `[segments, length, dim]` array with a 0/1 mask for the padding. The training forward then computes
 * exactly the outputs the rollout computed — provided every segment starts at an episode start. A
 * segment that starts mid-episode (the rollout window began inside an episode) has lost its history;
 * it is flagged with `fromEpisodeStart = false` so the caller can drop it or collect whole episodes.
 * @module
 */

/** One episode (or the part of it inside the rollout window) of one environment. */
export interface Segment {
  /** Environment (column) index. */
  readonly env: number;
  /** First step of the segment. */
  readonly start: number;
  /** Number of steps. */
  readonly length: number;
  /** Whether the segment starts at the first step of its episode. */
  readonly fromEpisodeStart: boolean;
}

/**
 * Cuts a time-major rollout at episode ends (`done[t·numEnvs + e]` = terminated or truncated at step t).
 *
 * @param episodeStart per environment, whether step 0 begins a new episode (default: all true).
 */
export function episodeSegments(
  done: ArrayLike<number | boolean>,
  steps: number,
  numEnvs: number,
  episodeStart?: ArrayLike<boolean>,
): Segment[] {
  if (done.length !== steps * numEnvs) {
    throw new RangeError(`episodeSegments: done has ${done.length} entries, expected steps·numEnvs = ${steps * numEnvs}.`);
  }
  if (episodeStart !== undefined && episodeStart.length !== numEnvs) {
    throw new RangeError(`episodeSegments: episodeStart needs numEnvs = ${numEnvs} entries, got ${episodeStart.length}.`);
  }
  const out: Segment[] = [];
  for (let e = 0; e < numEnvs; e++) {
    let start = 0;
    let fresh = episodeStart === undefined ? true : episodeStart[e]!;
    for (let t = 0; t < steps; t++) {
      if (done[t * numEnvs + e] || t === steps - 1) {
        out.push({ env: e, start, length: t - start + 1, fromEpisodeStart: fresh });
        start = t + 1;
        fresh = true;
      }
    }
  }
  return out;
}

/** Padded sequences built by {@link packSequences}. */
export interface PackedSequences {
  /** `[segments, length, dim]` row-major, zero where padded. */
  readonly data: Float32Array;
  /** `[segments, length]`: 1 for real steps, 0 for padding. */
  readonly mask: Float32Array;
  /** Sequence length used (the longest segment unless given). */
  readonly length: number;
}

function checkRows(what: string, n: number, dim: number, numEnvs: number, segments: readonly Segment[]): void {
  for (const s of segments) {
    if (s.env < 0 || s.env >= numEnvs || s.start < 0 || s.length < 1 || (s.start + s.length - 1) * numEnvs + s.env >= n / dim) {
      throw new RangeError(`${what}: segment ${JSON.stringify(s)} does not fit a rollout of ${n / dim} rows and ${numEnvs} envs.`);
    }
  }
}

/**
 * Gathers rows of time-major `data` (`[steps·numEnvs, dim]`) into padded sequences.
 *
 * @param length sequence length; default the longest segment. Must be ≥ every segment's length.
 */
export function packSequences(
  data: ArrayLike<number>,
  dim: number,
  numEnvs: number,
  segments: readonly Segment[],
  length?: number,
): PackedSequences {
  if (data.length % dim !== 0) throw new RangeError(`packSequences: data length ${data.length} is not a multiple of dim ${dim}.`);
  checkRows('packSequences', data.length, dim, numEnvs, segments);
  const L = length ?? Math.max(1, ...segments.map((s) => s.length));
  const longest = Math.max(0, ...segments.map((s) => s.length));
  if (L < longest) throw new RangeError(`packSequences: length ${L} is shorter than the longest segment (${longest}).`);
  const out = new Float32Array(segments.length * L * dim);
  const mask = new Float32Array(segments.length * L);
  segments.forEach((s, k) => {
    for (let j = 0; j < s.length; j++) {
      const src = ((s.start + j) * numEnvs + s.env) * dim;
      const dst = (k * L + j) * dim;
      for (let c = 0; c < dim; c++) out[dst + c] = data[src + c]!;
      mask[k * L + j] = 1;
    }
  });
  return { data: out, mask, length: L };
}

/**
 * The inverse of {@link packSequences}: scatters `[segments, length, dim]` back into a time-major
 * `[steps·numEnvs, dim]` array (`out`, whose rows outside the segments are left untouched).
 */
export function unpackSequences(
  sequences: ArrayLike<number>,
  dim: number,
  numEnvs: number,
  segments: readonly Segment[],
  length: number,
  out: Float32Array,
): Float32Array {
  if (sequences.length !== segments.length * length * dim) {
    throw new RangeError(
      `unpackSequences: expected ${segments.length}·${length}·${dim} values, got ${sequences.length}.`,
    );
  }
  checkRows('unpackSequences', out.length, dim, numEnvs, segments);
  segments.forEach((s, k) => {
    for (let j = 0; j < s.length; j++) {
      const dst = ((s.start + j) * numEnvs + s.env) * dim;
      const src = (k * length + j) * dim;
      for (let c = 0; c < dim; c++) out[dst + c] = sequences[src + c]!;
    }
  });
  return out;
}
