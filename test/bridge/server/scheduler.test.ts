import { strict as assert } from 'node:assert';
import { SessionScheduler } from '../../../bridge/server/scheduler.ts';

describe('bridge/server/scheduler', () => {
  it('serves sessions round robin, each in its own order', async () => {
    const s = new SessionScheduler();
    const ran: string[] = [];
    for (let i = 0; i < 4; i++) s.submit(1, () => ran.push(`a${i}`));
    s.submit(2, () => ran.push('b0'));
    s.submit(2, () => ran.push('b1'));
    s.submit(3, () => ran.push('c0'));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(ran, ['a0', 'b0', 'c0', 'a1', 'b1', 'a2', 'a3']);
  });

  it('takes in new work between two jobs, and drops a closed session', async () => {
    const s = new SessionScheduler();
    const ran: string[] = [];
    s.submit(1, () => {
      ran.push('a0');
      setImmediate(() => s.submit(2, () => ran.push('b0')));
    });
    for (let i = 1; i < 4; i++) s.submit(1, () => ran.push(`a${i}`));
    s.submit(3, () => ran.push('never'));
    s.drop(3);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(ran.indexOf('b0') < ran.indexOf('a3'), ran.join(','));
    assert.equal(ran.includes('never'), false);
    assert.equal(s.pending(1), 0);
  });
});
