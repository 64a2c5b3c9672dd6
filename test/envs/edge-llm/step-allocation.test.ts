/**
 * Stepping a batch-native EdgeLLM vector env without infos allocates nothing once warm (docs/model.md,
 * "The batch-native vector env"): measured in a child process whose young generation is large enough that
 * no collection runs, so its growth over the steps is what they allocated.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROBE = fileURLToPath(new URL('./fixtures/step-allocation-probe.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STEPS = 20_000;

interface Probe {
  bytes: number;
  gcs: number;
}

function probe(id: string, extra: Record<string, unknown> = {}): Probe {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--min-semi-space-size=64', '--max-semi-space-size=64', PROBE, id, '8', '20000', String(STEPS), JSON.stringify(extra)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as Probe;
}

describe('envs/edge-llm: stepping allocates nothing', function () {
  this.timeout(120_000);
  // Before the staged action's views were kept, a step allocated four typed-array views (≈ 385 bytes, 7.7 MB
  // over these steps); what is left is the measuring loop's own noise (under 1 byte per step).
  const LIMIT = 2 * STEPS;

  for (const [name, id, extra] of [
    ['EdgeLLM-v0, dict actions', 'EdgeLLM-v0', {}],
    ['EdgeLLM-v0, box actions', 'EdgeLLM-v0', { kwargs: { actionFormat: 'box' } }],
    ['EdgeLLM-Rotate-v0 (episodes end and reset inside the steps)', 'EdgeLLM-Rotate-v0', {}],
  ] as const) {
    it(`${name}: under 2 bytes per step of 8 sub-envs over ${STEPS} steps, no collection`, () => {
      const r = probe(id, extra);
      assert.equal(r.gcs, 0, 'a collection ran: the measurement is void');
      assert.ok(r.bytes < LIMIT, `allocated ${r.bytes} bytes over ${STEPS} steps`);
    });
  }
});
