/**
 * Warnings, as Gymnasium's `logger.warn`: printed once per distinct message to stderr unless a listener
 * is installed (the env checker installs one to collect them).
 * @module
 */

/** A function that receives warning messages. */
export type WarningListener = (message: string) => void;

const listeners: WarningListener[] = [];
const printed = new Set<string>();
let quiet = false;

/** Emits a warning: to the innermost listener if any, else to stderr (once per message). */
export function warn(message: string): void {
  const listener = listeners[listeners.length - 1];
  if (listener !== undefined) {
    listener(message);
    return;
  }
  if (quiet || printed.has(message)) return;
  printed.add(message);
  process.stderr.write(`WARN: ${message}\n`);
}

/**
 * Runs `fn` while collecting the warnings it emits instead of printing them.
 *
 * @example
 * ```ts
 * const env = make('EdgeLLM-v0');
 * env.reset({ seed: 1 });
 * const [result, warnings] = collectWarnings(() => env.step(env.actionSpace.sample()));
 * ```
 */
export function collectWarnings<T>(fn: () => T): [T, string[]] {
  const seen: string[] = [];
  listeners.push((m) => seen.push(m));
  try {
    return [fn(), seen];
  } finally {
    listeners.pop();
  }
}

/** Silences printed warnings (listeners still receive them); returns the previous setting. */
export function setQuiet(value: boolean): boolean {
  const previous = quiet;
  quiet = value;
  return previous;
}
