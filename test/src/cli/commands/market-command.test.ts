import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ROOT, type CliRun } from './run-cli.ts';

const CASES = join(ROOT, 'test', 'src', 'cli', 'commands', 'market-cases');

const caseFile = (name: string) => join(CASES, name);

const compareDir = mkdtempSync(join(tmpdir(), 'market-compare-'));

/** Every command the tests check, started together (each start-up of the tool takes a second or two). */
const COMMANDS: Record<string, [string[], string?]> = {
  caseA: [['market', '--case', caseFile('case-a-dda-tr.json'), '--json']],
  vcg: [['market', '--case', caseFile('case-a-vcg.json'), '--json']],
  caseB: [['market', '--case', caseFile('case-b-dda-up.json'), '--json']],
  multi: [['market', '--case', caseFile('multi-unit-dda-tr.json'), '--json']],
  stdin: [['market', '--case', '-'], readFileSync(caseFile('case-a-dda-tr.json'), 'utf8')],
  bad: [['market', '--case', caseFile('bad-negative-value.json'), '--json']],
  notJson: [['market', '--case', caseFile('bad-not-json.json')]],
  missing: [['market', '--case', 'no-such-case.json']],
  none: [['market']],
  compare: [['market', '--compare', '--sizes', '4,6', '--markets', '3', '--seed', '2', '--out', compareDir, '--json']],
  badSizes: [['market', '--compare', '--sizes', '20,x']],
  badMarkets: [['market', '--compare', '--markets', '0', '--json']],
  badValuation: [['market', '--compare', '--valuation', 'gauss']],
  bench: [['bench', 'market', '--seconds', '0.05', '--json']],
  badParsed: [['bench', 'env', '--seconds', 'x']],
};

describe('cli: market', function () {
  this.timeout(120000);
  const runs: Record<string, CliRun> = {};

  before(async function () {
    this.timeout(300000);
    const names = Object.keys(COMMANDS);
    // Two at a time: enough to use both cores of a small machine without starving it.
    for (let k = 0; k < names.length; k += 2) {
      await Promise.all(names.slice(k, k + 2).map(async (n) => (runs[n] = await cli(...COMMANDS[n]!))));
    }
  });

  after(() => rmSync(compareDir, { recursive: true, force: true }));

  describe('--case', () => {
    it('case A (docs/market.md#tests), truthful DDA: the exact outcome JSON and nothing else on stdout', () => {
      const r = runs.caseA!;
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), {
        trades: [{ buyer: 0, seller: 0, units: 1 }],
        buyerPays: [8, 0, 0, 0],
        sellerReceives: [4, 0, 0, 0],
        welfare: 8,
        budget: 4,
        rounds: 12,
        messages: 49,
      });
      assert.equal(r.stderr, '');
    });

    it('case A, VCG: buyers pay 6, sellers receive 7, budget −2, one round of sealed reports', () => {
      const r = runs.vcg!;
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), {
        trades: [{ buyer: 0, seller: 0, units: 1 }, { buyer: 1, seller: 1, units: 1 }],
        buyerPays: [6, 6, 0, 0],
        sellerReceives: [7, 7, 0, 0],
        welfare: 12,
        budget: -2,
        rounds: 1,
        messages: 8,
      });
    });

    it('case B, uniform price: the lone pair trades at 2 after 12 rounds', () => {
      const r = runs.caseB!;
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual([out.trades, out.buyerPays, out.sellerReceives, out.welfare, out.budget, out.rounds], [[{ buyer: 0, seller: 0, units: 1 }], [2], [2], 8, 0, 12]);
    });

    it('the multi-unit case: buyer 0 gets 2 units at 8, seller 0 sells 2 at 5, budget 6, welfare 16', () => {
      const r = runs.multi!;
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(out.trades, [{ buyer: 0, seller: 0, units: 2 }]);
      assert.deepEqual([out.buyerPays, out.sellerReceives, out.budget, out.welfare], [[16, 0, 0], [10, 0, 0], 6, 16]);
    });

    it('without --json: the same JSON on stdout, a one-line summary on stderr; - reads stdin', () => {
      const r = runs.stdin!;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).welfare, 8);
      assert.equal(r.stderr, '1 unit(s) traded, welfare 8, budget 4, 12 round(s), 49 messages\n');
    });

    it('a bad case file: one clear line naming the file, the field and the fix; exit code 2; nothing on stdout', () => {
      const file = caseFile('bad-negative-value.json');
      const r = runs.bad!;
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `error: ${file}: buyers[1].value: must be >= 0, got -3. Fix: use a number ≥ 0\n`);
    });

    it('a file that is not JSON, a missing file, and no mode: exit code 2 with one line each', () => {
      const notJson = runs.notJson!;
      assert.equal(notJson.code, 2);
      assert.match(notJson.stderr, /^error: .*bad-not-json\.json: json: not valid JSON \(.*\)\. Fix: pass a JSON object such as \{"mechanism":"dda-tr", \.\.\.\}\n$/);
      const missing = runs.missing!;
      assert.equal(missing.code, 2);
      assert.equal(missing.stderr, "error: --case: cannot read 'no-such-case.json' (ENOENT). Pass a JSON case file, or - for stdin.\n");
      const none = runs.none!;
      assert.equal(none.code, 2);
      assert.match(none.stderr, /^error: market needs exactly one of --case FILE .* or --compare/);
    });
  });

  describe('--compare', () => {
    it('writes the tables and the SVG chart and prints one JSON object', () => {
      const r = runs.compare!;
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.deepEqual([j.markets, j.seed, j.valuation, j.stepFraction, j.idaBudgetFactor], [3, 2, 'llm', 0.01, 2]);
      assert.deepEqual([...new Set(j.rows.map((x: { size: number }) => x.size))], [4, 6]);
      assert.deepEqual(j.rows.slice(0, 6).map((x: { mechanism: string }) => x.mechanism), ['dda-tr', 'dda-up', 't-dda', 'mcafee', 'vcg', 'ida']);
      assert.deepEqual(j.ddaVsIda.map((d: { size: number }) => d.size), [4, 6]);
      assert.deepEqual(j.files, { svg: join(compareDir, 'market-comparison.svg'), markdown: join(compareDir, 'market-comparison.md'), json: join(compareDir, 'market-comparison.json') });
      for (const f of ['svg', 'markdown', 'json']) assert.ok(existsSync(j.files[f]), f);
      assert.match(readFileSync(j.files.svg, 'utf8'), /^<svg[\s\S]*welfare \/ OPT[\s\S]*<\/svg>/);
      assert.match(readFileSync(j.files.markdown, 'utf8'), /\| size \| mechanism \| welfare \/ OPT \|/);
    });

    it('bad options exit with code 2 and a clear line', () => {
      const sizes = runs.badSizes!;
      assert.equal(sizes.code, 2);
      assert.equal(sizes.stderr, "error: --sizes entries must be integers ≥ 2 (total agents, at least one buyer and one seller); got 'x'.\n");
      const markets = runs.badMarkets!;
      assert.equal(markets.code, 2);
      assert.equal(markets.stdout, '');
      assert.equal(markets.stderr, "error: --markets must be a positive integer; got '0'.\n");
      const valuation = runs.badValuation!;
      assert.equal(valuation.code, 2);
      assert.match(valuation.stderr, /--valuation must be 'llm' or 'uniform'; got 'gauss'/);
    });
  });

  it('an option value rejected while commander parses the command line: one line, exit code 2, no stack trace', () => {
    const r = runs.badParsed!;
    assert.equal(r.code, 2);
    assert.equal(r.stderr.split('\n')[0], "error: option '--seconds <s>' argument 'x' is invalid. --seconds must be a positive number; got 'x'.");
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  describe('bench market', () => {
    it('--json prints the benchMarket figures as one object', () => {
      const r = runs.bench!;
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.deepEqual([j.buyers, j.sellers, j.stepFraction, j.clockRounds, j.valuation], [50, 50, 0.01, 100, 'uniform']);
      assert.ok(j.directClearingsPerSecond > 0 && j.clockAuctionsPerSecond > 0);
      assert.equal(typeof j.machine.cpuModel, 'string');
    });
  });
});
