/**
 * Text rendering of the EdgeLLM environment (render mode `ansi`).
 * @module
 */
import type { ResolvedConfig } from './config.ts';
import type { EdgeLLMStepInfo } from './edge-llm-core.ts';

/** What the renderer shows. */
export interface RenderState {
  slot: number;
  cached: Uint8Array;
  K: Float64Array;
  kappa: Float64Array;
  requests: Float64Array;
  last: EdgeLLMStepInfo | null;
}

/** A table of the pairs (cached, context fill, κ, next requests) and the last slot's costs. */
export function renderAnsi(c: ResolvedConfig, s: RenderState): string {
  const M = c.numModels;
  const lines = [`slot ${s.slot}/${c.horizon}  memory ${c.memoryGB} GB  energy budget ${c.energyBudget.toFixed(0)} J`];
  lines.push('agent  task        ' + c.models.map((m) => m.name.padEnd(22)).join(''));
  for (let i = 0; i < c.agents; i++) {
    let row = `${String(i).padStart(5)}  ${c.task[i]!.padEnd(11)} `;
    for (let m = 0; m < M; m++) {
      const p = i * M + m;
      const fill = s.K[p]! / c.window[m]!;
      const bar = '#'.repeat(Math.round(fill * 5)).padEnd(5, '.');
      row += `${s.cached[p] ? '[C]' : '[ ]'} ${bar} κ${s.kappa[p]!.toFixed(0).padStart(4)} R${String(s.requests[p]).padStart(2)}  `;
    }
    lines.push(row);
  }
  if (s.last !== null) {
    const k = s.last.costs;
    lines.push(
      `cost ${k.total.toFixed(4)} = switch ${k.switching.toFixed(4)} + comm ${k.communication.toFixed(4)} + compute ${k.computation.toFixed(4)} + accuracy ${k.accuracy.toFixed(4)} + cloud ${k.cloud.toFixed(4)}`,
    );
    lines.push(
      `edge share ${(100 * s.last.edgeShare).toFixed(0)}%  accuracy ${(100 * s.last.accuracy).toFixed(1)}%  energy ${s.last.energyUsed.toFixed(0)} J${s.last.energyBound ? ' (bound)' : ''}  evictions ${s.last.evictions}`,
    );
  }
  return lines.join('\n') + '\n';
}
