import { strict as assert } from 'node:assert';
import { installShutdownHandlers } from '../../../bridge/server/shutdown.ts';

describe('bridge/server/shutdown', () => {
  it('closes the server on the signal, once, and can be removed', async () => {
    let closes = 0;
    let closedCalls = 0;
    const done = new Promise<void>((resolve) => {
      const remove = installShutdownHandlers(
        {
          close: async () => {
            closes++;
          },
        },
        {
          signals: ['SIGUSR2'],
          exit: false,
          onClosed: () => {
            closedCalls++;
            remove();
            resolve();
          },
        },
      );
    });
    process.emit('SIGUSR2', 'SIGUSR2');
    await done;
    assert.equal(closes, 1);
    assert.equal(closedCalls, 1);
    assert.equal(process.listenerCount('SIGUSR2'), 0);
  });
});
