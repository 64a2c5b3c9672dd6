/**
 * SVG rendering of Vega-Lite charts, headless (no browser, no canvas). Vega and Vega-Lite load on the
 * first chart rendered (importing the package does not load them).
 * @module
 */
import type * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** Vega-Lite's compile-time notes are about layout choices, not errors; keep them off the console. */
const quietLogger = {
  level: () => quietLogger,
  error: (...args: unknown[]) => {
    throw new Error(`Vega-Lite: ${args.map(String).join(' ')}`);
  },
  warn: () => quietLogger,
  info: () => quietLogger,
  debug: () => quietLogger,
} as unknown as Parameters<typeof vegaLite.compile>[1] extends infer O ? (O extends { logger?: infer L } ? L : never) : never;

/** A Vega-Lite specification. */
export type ChartSpec = TopLevelSpec;

/**
 * Compiles a Vega-Lite spec to Vega and renders it to an SVG string.
 *
 * @example
 * ```ts
 * const svg = await renderSvg({
 *   data: { values: [{ x: 'a', y: 1 }] },
 *   mark: 'bar',
 *   encoding: { x: { field: 'x', type: 'nominal' }, y: { field: 'y', type: 'quantitative' } },
 * });
 * ```
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec, { logger: quietLogger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
