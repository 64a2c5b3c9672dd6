/**
 * Output helpers of the command-line interface: JSON on stdout, messages on stderr, and error reporting
 * that prints a clear message (not a stack trace) for the package's own errors.
 * @module
 */
import { GymError } from '../core/errors.ts';

/** Prints one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v), 1) + '\n');
}

/** Prints a line on stderr (progress and notes, never data). */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/**
 * Runs a command action, turning thrown errors into a one-line message and exit code 2 (usage or input
 * errors of the package) or 1 (anything unexpected, with its stack when EDGELLM_DEBUG is set).
 */
export function runAction<A extends unknown[]>(fn: (...args: A) => unknown | Promise<unknown>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      const err = e as Error;
      if (e instanceof GymError || e instanceof TypeError || e instanceof RangeError) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`error: ${err.message}\n${process.env.EDGELLM_DEBUG ? `${err.stack}\n` : '(set EDGELLM_DEBUG=1 for the stack trace)\n'}`);
        process.exitCode = 1;
      }
    }
  };
}

/**
 * The error of a bad option value: a `TypeError` (so `runAction` reports it in one line with exit code 2) that
 * commander also recognizes when a parser throws it while reading the command line, printing one line and
 * exiting with code 2 instead of crashing with a stack trace.
 */
export function optionError(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'commander.invalidArgument', exitCode: 2 });
}

/** Parses a positive integer option. */
export function positiveInt(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw optionError(`${name} must be a positive integer; got '${value}'.`);
    return n;
  };
}

/** Parses a non-negative integer option (seeds). */
export function nonNegativeInt(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) throw optionError(`${name} must be a non-negative integer; got '${value}'.`);
    return n;
  };
}

/** Parses a positive number option. */
export function positiveNumber(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!(n > 0) || !Number.isFinite(n)) throw optionError(`${name} must be a positive number; got '${value}'.`);
    return n;
  };
}

/** Parses a JSON object option (env configs). */
export function jsonObject(name: string): (value: string) => Record<string, unknown> {
  return (value: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (e) {
      throw optionError(`${name} must be a JSON object such as '{"agents": 12}'; ${(e as Error).message}.`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw optionError(`${name} must be a JSON object such as '{"agents": 12}'.`);
    }
    return parsed as Record<string, unknown>;
  };
}

/** Splits a comma-separated list option. */
export function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
