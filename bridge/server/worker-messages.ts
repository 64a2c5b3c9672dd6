/**
 * The messages between the server and its session worker threads.
 * @module
 */
import type { LogFields, LogLevel } from './logger.ts';
import type { ResolvedServerOptions } from './options.ts';
import type { CloseInstruction, MovedSession } from './session.ts';

/** `workerData` of a session worker. */
export interface SessionWorkerData {
  /** The TypeScript entry point (read by the bootstrap). */
  entry: string;
  /** Resolved options without the logger. */
  options: Omit<ResolvedServerOptions, 'logger'>;
  /** Least severe level forwarded to the server's logger. */
  logLevel: LogLevel;
  /** The server's counters. */
  counters: SharedArrayBuffer;
  /** Server start time (ms since epoch). */
  startedAt: number;
  /** Modules (URLs or paths) imported before serving: those that register environments. */
  preload: string[];
  /** This worker's reply slots (`reply-slots.ts`). */
  replySlots: SharedArrayBuffer;
}

/** Server → worker. */
export type WorkerRequest =
  | { t: 'open'; sid: number; remote: string; moved?: MovedSession }
  | { t: 'frame'; sid: number; seq: number; data: Uint8Array; binary: boolean }
  | { t: 'closeSession'; sid: number; seq: number }
  | { t: 'close'; seq: number };

/** Worker → server. */
export type WorkerMessage =
  | { t: 'ready' }
  | { t: 'failed'; error: string }
  | {
      t: 'outcome';
      seq: number;
      /** The reply frame, transferred; absent when it sits in reply slot `slot`. */
      reply?: Uint8Array;
      /** The reply slot holding the frame's `length` bytes (see `reply-slots.ts`), when `reply` is absent. */
      slot?: number;
      length?: number;
      close?: CloseInstruction;
      valid: boolean;
      helloDone: boolean;
    }
  | { t: 'done'; seq: number }
  | { t: 'log'; level: LogLevel; msg: string; fields?: LogFields };
