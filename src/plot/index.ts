/**
 * Charts rendered to SVG.
 * @module
 */
export { renderSvg } from './render-svg.ts';
export type { ChartSpec } from './render-svg.ts';
export { intervalChart, stackedChart, lineChart } from './charts.ts';
export type { IntervalRow, StackRow, LineRow } from './charts.ts';
