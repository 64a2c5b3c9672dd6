import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTimestamp, parseTraceCsv, readTraceFile, traceFromRequests } from '../../../envs/edge-llm/trace-file.ts';
import { BUILTIN_TRACES } from '../../../envs/edge-llm/trace-workload.ts';
import { InvalidConfig } from '../../../src/core/errors.ts';

const HEADER = 'TIMESTAMP,ContextTokens,GeneratedTokens\n';

function refuses(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InvalidConfig, `expected InvalidConfig, got ${String(e)}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

describe('envs/edge-llm/trace-file', () => {
  it('ships the Azure 2023 traces unchanged (SHA-256 of the published files) with their license', () => {
    const expected = {
      'azure-code': '54e9a6d2a4bd06ba1e060304b900abbc74cbea53de96506e60fe5bb4f2277fb6',
      'azure-conv': '2f1e5b666d4e3055fdbba98598ce2ec307767b9064e03e2fa46676dbcc7d0bf8',
    };
    for (const [name, sha] of Object.entries(expected)) {
      const bytes = readFileSync(fileURLToPath(BUILTIN_TRACES[name as keyof typeof BUILTIN_TRACES]));
      assert.equal(createHash('sha256').update(bytes).digest('hex'), sha, name);
    }
    const dir = new URL('../../../envs/edge-llm/traces/azure-2023/', import.meta.url);
    assert.match(readFileSync(new URL('LICENSE', dir), 'utf8'), /Attribution 4\.0 International/);
    assert.match(readFileSync(new URL('ATTRIBUTION.md', dir), 'utf8'), /Splitwise/);
  });

  it('reads the built-in traces: every row, times from the first request, tokens as given', () => {
    const conv = readTraceFile(fileURLToPath(BUILTIN_TRACES['azure-conv']));
    assert.equal(conv.time.length, 19366);
    assert.equal(conv.time[0], 0);
    // rows 1–2: 18:15:46.6805900 (374, 44) and 18:15:50.9951690 (396, 109)
    assert.ok(Math.abs(conv.time[1]! - 4.314579) < 1e-5);
    assert.deepEqual([conv.contextTokens[0], conv.generatedTokens[0], conv.contextTokens[1], conv.generatedTokens[1]], [374, 44, 396, 109]);
    assert.ok(conv.span > 3400 && conv.span < 3510, `span ${conv.span}`);
    const code = readTraceFile(fileURLToPath(BUILTIN_TRACES['azure-code']));
    assert.equal(code.time.length, 8819);
  });

  it('parses timestamps in seconds or as UTC date-times with fractions', () => {
    assert.equal(parseTimestamp('12.5'), 12.5);
    assert.equal(parseTimestamp(3), 3);
    assert.equal(parseTimestamp('1970-01-01 00:01:00.25'), 60.25);
    assert.equal(parseTimestamp('1970-01-01T00:00:01Z'), 1);
    assert.ok(Number.isNaN(parseTimestamp('2023-02-30 00:00:00')));
    assert.ok(Number.isNaN(parseTimestamp('yesterday')));
  });

  it('names the file, line and field of every kind of bad row', () => {
    refuses(() => parseTraceCsv(HEADER + '0,10,5\nnoon,10,5\n', 't.csv'), /t\.csv line 3: TIMESTAMP "noon" is not a time/);
    refuses(() => parseTraceCsv(HEADER + '0,10,5\n1,-3,5\n', 't.csv'), /t\.csv line 3: ContextTokens must be a non-negative integer.*"-3"/);
    refuses(() => parseTraceCsv(HEADER + '0,10,5.5\n', 't.csv'), /t\.csv line 2: GeneratedTokens must be a non-negative integer.*"5\.5"/);
    refuses(() => parseTraceCsv(HEADER + '0,10,\n', 't.csv'), /t\.csv line 2: GeneratedTokens/);
    refuses(() => parseTraceCsv(HEADER + '5,10,5\n4,10,5\n', 't.csv'), /t\.csv line 3: TIMESTAMP "4" is earlier than the previous request's; sort the trace by time/);
    refuses(() => parseTraceCsv(HEADER, 't.csv'), /t\.csv: the trace has no requests/);
    refuses(() => parseTraceCsv('TIMESTAMP,Context,GeneratedTokens\n0,1,1\n', 't.csv'), /t\.csv line 1: the header has no 'ContextTokens' column/);
    refuses(() => parseTraceCsv(HEADER + '0,10,5,7\n', 't.csv'), /t\.csv: not a readable CSV/);
    refuses(() => traceFromRequests([{ timestamp: 0, contextTokens: 1, generatedTokens: 1 }, { timestamp: 1, contextTokens: 1.5, generatedTokens: 1 }], 'x'), /x entry 1: ContextTokens/);
  });

  it('reads CSV and JSON files and reports a missing file by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-'));
    try {
      writeFileSync(join(dir, 'a.csv'), HEADER + '10,100,7\n12.5,50,3\n');
      writeFileSync(join(dir, 'a.json'), JSON.stringify([{ timestamp: 10, contextTokens: 100, generatedTokens: 7 }, { timestamp: '12.5', contextTokens: 50, generatedTokens: 3 }]));
      const a = readTraceFile(join(dir, 'a.csv'));
      const b = readTraceFile(join(dir, 'a.json'));
      for (const t of [a, b]) {
        assert.deepEqual(Array.from(t.time), [0, 2.5]);
        assert.deepEqual(Array.from(t.contextTokens), [100, 50]);
        assert.deepEqual(Array.from(t.generatedTokens), [7, 3]);
      }
      writeFileSync(join(dir, 'bad.json'), '{');
      refuses(() => readTraceFile(join(dir, 'bad.json')), /bad\.json: not valid JSON/);
      refuses(() => readTraceFile(join(dir, 'none.csv')), /none\.csv: cannot read the trace file \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
