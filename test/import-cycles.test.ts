import { strict as assert } from 'node:assert';
import { importGraph, type ImportEdge } from './import-graph.ts';

/**
 * Strongly connected components (Tarjan) of the graph restricted to the edges `keep` accepts; only the
 * components of more than one module, and modules that import themselves, are returned.
 */
function cycles(graph: Map<string, ImportEdge[]>, keep: (e: ImportEdge) => boolean): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const e of graph.get(v) ?? []) {
      if (!keep(e) || !graph.has(e.to)) continue;
      if (e.to === v) found.push([v]);
      else if (!index.has(e.to)) {
        visit(e.to);
        low.set(v, Math.min(low.get(v)!, low.get(e.to)!));
      } else if (onStack.has(e.to)) low.set(v, Math.min(low.get(v)!, index.get(e.to)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import cycles', () => {
  it('no circle of modules through imports that exist at run time (type-only imports may close one)', () => {
    // A worker entry named by URL is loaded by another thread, not by the module naming it.
    assert.deepEqual(cycles(importGraph(), (e) => !e.typeOnly && e.kind !== 'url'), []);
  });

  it('the detector finds a circle, and ignores one closed by a type-only import', () => {
    const g = new Map<string, ImportEdge[]>([
      ['a.ts', [{ to: 'b.ts', typeOnly: false, kind: 'static' }]],
      ['b.ts', [{ to: 'c.ts', typeOnly: false, kind: 'static' }]],
      ['c.ts', [{ to: 'a.ts', typeOnly: false, kind: 'static' }, { to: 'd.ts', typeOnly: false, kind: 'static' }]],
      ['d.ts', [{ to: 'e.ts', typeOnly: false, kind: 'static' }]],
      ['e.ts', [{ to: 'd.ts', typeOnly: true, kind: 'static' }]],
    ]);
    assert.deepEqual(cycles(g, (e) => !e.typeOnly), [['a.ts', 'b.ts', 'c.ts']]);
    assert.deepEqual(cycles(g, () => true).map((c) => c.join(' ')).sort(), ['a.ts b.ts c.ts', 'd.ts e.ts']);
  });
});
