/**
 * An error carried from one thread to another as JSON text on shared memory: a thread that waits on shared
 * words (and so cannot receive messages) still learns why the other thread failed.
 * @module
 */

/** An error as a thread writes it into its error text. */
export interface ErrorReport {
  name: string;
  message: string;
  code: string;
}

/**
 * Writes `e` into `text` (cut to fit) and returns the bytes written.
 *
 * @example
 * ```ts
 * const text = new Uint8Array(new SharedArrayBuffer(4096));
 * const length = writeErrorText(text, new RangeError('bad row'));
 * console.log(readErrorText(text, length).message);   // bad row
 * ```
 */
export function writeErrorText(text: Uint8Array, e: unknown): number {
  const err = e as { name?: unknown; message?: unknown; code?: unknown };
  const report: ErrorReport = {
    name: typeof err?.name === 'string' ? err.name : 'Error',
    message: typeof err?.message === 'string' ? err.message : String(e),
    code: typeof err?.code === 'string' ? err.code : 'internal',
  };
  let bytes = new TextEncoder().encode(JSON.stringify(report));
  if (bytes.length > text.length) bytes = new TextEncoder().encode(JSON.stringify({ ...report, message: report.message.slice(0, 1000) }));
  text.set(bytes.subarray(0, text.length));
  return Math.min(bytes.length, text.length);
}

/** Reads the error of `length` bytes that {@link writeErrorText} wrote into `text`. */
export function readErrorText(text: Uint8Array, length: number): ErrorReport {
  const raw = new TextDecoder().decode(text.slice(0, length));
  try {
    return JSON.parse(raw) as ErrorReport;
  } catch {
    return { name: 'Error', message: raw, code: 'internal' };
  }
}
