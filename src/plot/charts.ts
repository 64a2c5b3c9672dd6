/**
 * The package's chart types as Vega-Lite specs: mean with confidence interval per group, stacked
 * breakdowns, and lines over an x axis (sweeps, learning curves).
 * @module
 */
import type { ChartSpec } from './render-svg.ts';

/** One bar with its confidence interval. */
export interface IntervalRow {
  /** Facet (e.g. environment). */
  panel: string;
  /** Bar label (e.g. agent). */
  label: string;
  value: number;
  lo: number;
  hi: number;
}

/**
 * Horizontal bars of `value` with error bars `[lo, hi]`, one panel per `panel`, bars sorted by value.
 *
 * @example
 * ```ts
 * const rows = [{ panel: 'EdgeLLM-v0', label: 'lfu', value: 1.2, lo: 1.1, hi: 1.3 }];
 * const svg = await renderSvg(intervalChart(rows, 'mean cost per slot'));
 * ```
 */
export function intervalChart(rows: readonly IntervalRow[], valueTitle: string, title?: string): ChartSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title } : {}),
    data: { values: rows.map((r) => ({ ...r })) },
    facet: { row: { field: 'panel', type: 'nominal', title: null } },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 420,
      encoding: {
        y: { field: 'label', type: 'nominal', sort: { field: 'value', op: 'min', order: 'ascending' }, title: null },
      },
      layer: [
        { mark: { type: 'bar', color: '#4c78a8' }, encoding: { x: { field: 'value', type: 'quantitative', title: valueTitle } } },
        { mark: { type: 'rule', color: 'black' }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
      ],
    },
  } as ChartSpec;
}

/** One part of a stacked bar. */
export interface StackRow {
  panel: string;
  label: string;
  part: string;
  value: number;
}

/** Stacked horizontal bars (e.g. cost terms per agent), one panel per `panel`. */
export function stackedChart(rows: readonly StackRow[], valueTitle: string, title?: string): ChartSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title } : {}),
    data: { values: rows.map((r) => ({ ...r })) },
    facet: { row: { field: 'panel', type: 'nominal', title: null } },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 420,
      mark: 'bar',
      encoding: {
        y: { field: 'label', type: 'nominal', title: null },
        x: { field: 'value', type: 'quantitative', stack: 'zero', title: valueTitle },
        color: { field: 'part', type: 'nominal', title: null },
      },
    },
  } as ChartSpec;
}

/** A point of a line, with an optional band. */
export interface LineRow {
  panel?: string;
  series: string;
  x: number;
  y: number;
  lo?: number;
  hi?: number;
}

/** Lines of `y` over `x` per series (with a shaded band where `lo`/`hi` are given), one panel per `panel`. */
export function lineChart(rows: readonly LineRow[], xTitle: string, yTitle: string, title?: string): ChartSpec {
  const hasBand = rows.some((r) => r.lo !== undefined && r.hi !== undefined);
  const layers: object[] = [
    {
      mark: { type: 'line', point: rows.length <= 200 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: xTitle },
        y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } },
        color: { field: 'series', type: 'nominal', title: null },
      },
    },
  ];
  if (hasBand) {
    layers.unshift({
      mark: { type: 'area', opacity: 0.15 },
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'lo', type: 'quantitative' },
        y2: { field: 'hi' },
        color: { field: 'series', type: 'nominal', legend: null },
      },
    });
  }
  const inner = { width: 420, height: 220, layer: layers };
  const panels = new Set(rows.map((r) => r.panel ?? ''));
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...(title ? { title } : {}), data: { values: rows.map((r) => ({ ...r })) } };
  if (panels.size <= 1) return { ...base, ...inner } as ChartSpec;
  return {
    ...base,
    facet: { column: { field: 'panel', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: inner,
  } as ChartSpec;
}
