/**
 * Conversions between sequence-major `[B, T, C]` tensors and the time-major row layout used by the
 * batched TTT forward: rows ordered (mini-batch n, sequence s, position p), T padded to a multiple of the
 * mini-batch size with zero tokens at the end. Padding at the end is harmless because the scan is causal:
 * a padded token never influences an earlier one, and its outputs are cut off again.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Sizes of a time-major layout. */
export interface TimeMajorLayout {
  /** Number of sequences B. */
  readonly sequences: number;
  /** Original sequence length T. */
  readonly length: number;
  /** Mini-batch size b. */
  readonly miniBatch: number;
  /** Number of mini-batches N = ceil(T / b). */
  readonly blocks: number;
}

/** The layout of `[sequences, length]` sequences cut into mini-batches of `miniBatch`. */
export function timeMajorLayout(sequences: number, length: number, miniBatch: number): TimeMajorLayout {
  return { sequences, length, miniBatch, blocks: Math.ceil(length / miniBatch) };
}

/** `[B, T, C]` → `[N·B·b, C]` (time-major rows, zero-padded to N·b tokens per sequence). */
export function toTimeMajor(x: tf.Tensor3D, layout: TimeMajorLayout): tf.Tensor2D {
  return tf.tidy(() => {
    const { sequences: B, length: T, miniBatch: b, blocks: N } = layout;
    const C = x.shape[2];
    const padded = N * b === T ? x : tf.pad(x, [[0, 0], [0, N * b - T], [0, 0]]);
    const blocked = tf.reshape(padded, [B, N, b, C]);
    return tf.reshape(tf.transpose(blocked, [1, 0, 2, 3]), [N * B * b, C]);
  });
}

/** `[N·B·b, C]` time-major rows → `[B, T, C]` (drops the padding). */
export function fromTimeMajor(rows: tf.Tensor2D, layout: TimeMajorLayout): tf.Tensor3D {
  return tf.tidy((): tf.Tensor3D => {
    const { sequences: B, length: T, miniBatch: b, blocks: N } = layout;
    const C = rows.shape[1];
    const seqMajor = tf.reshape(tf.transpose(tf.reshape(rows, [N, B, b, C]), [1, 0, 2, 3]), [B, N * b, C]);
    return (N * b === T ? seqMajor : tf.slice(seqMajor, [0, 0, 0], [B, T, C])) as tf.Tensor3D;
  });
}
