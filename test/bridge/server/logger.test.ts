import { strict as assert } from 'node:assert';
import { createLogger } from '../../../bridge/server/logger.ts';

describe('bridge/server/logger', () => {
  it('writes one JSON object per line at or above its level', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    log.debug('hidden');
    log.info('listening', { port: 1 });
    log.error('boom', { code: 'internal' });
    assert.equal(lines.length, 2);
    assert.ok(lines.every((l) => l.endsWith('\n')));
    const first = JSON.parse(lines[0]!) as { level: string; msg: string; port: number; time: string };
    assert.equal(first.level, 'info');
    assert.equal(first.msg, 'listening');
    assert.equal(first.port, 1);
    assert.ok(!Number.isNaN(Date.parse(first.time)));
  });

  it('stays silent at level silent and survives bad fields and sinks', () => {
    const lines: string[] = [];
    createLogger('silent', (l) => lines.push(l)).error('x');
    assert.equal(lines.length, 0);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const log = createLogger('debug', (l) => lines.push(l));
    log.info('cyclic', { cyclic });
    assert.match(lines[0]!, /not serializable/);
    createLogger('info', () => {
      throw new Error('sink down');
    }).info('still fine');
  });
});
