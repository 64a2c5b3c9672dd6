/**
 * Progress display for long runs: a bar on a terminal, periodic plain lines otherwise; always on stderr
 * so that `--json` output on stdout stays clean.
 * @module
 */
import cliProgress from 'cli-progress';

/** A progress display. */
export interface Progress {
  /** Advances by `n` units, optionally updating the displayed fields. */
  tick(n?: number, fields?: Record<string, string | number>): void;
  /** Finishes the display. */
  stop(): void;
}

/**
 * Starts a progress display of `total` units labelled `label`.
 * @param quiet no output at all.
 */
export function startProgress(label: string, total: number, quiet = false): Progress {
  if (quiet) return { tick() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} {percentage}% | ETA {eta_formatted} | {info}`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { info: '' });
    return {
      tick: (n = 1, fields) => bar.increment(n, { info: fields ? Object.entries(fields).map(([k, v]) => `${k} ${v}`).join(' ') : '' }),
      stop: () => bar.stop(),
    };
  }
  let done = 0;
  let lastPrint = 0;
  const start = Date.now();
  return {
    tick: (n = 1, fields) => {
      done += n;
      const now = Date.now();
      if (now - lastPrint > 2000 || done === total) {
        lastPrint = now;
        const rate = done / Math.max((now - start) / 1000, 1e-3);
        const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        const extra = fields ? ' ' + Object.entries(fields).map(([k, v]) => `${k} ${v}`).join(' ') : '';
        process.stderr.write(`${label}: ${done}/${total} (${Math.round((100 * done) / total)}%) ETA ${eta}s${extra}\n`);
      }
    },
    stop: () => {},
  };
}
