import { EventStore } from './event-store.port';
import { ProjectionRunner } from './projection';
import { ReadStore } from './read-store.port';

/** An event store whose subscription delivers nothing: the projections never reach a new position. */
const silentEvents = {
  subscribeToAll: () => ({ position: 0, stop: async () => undefined }),
} as unknown as EventStore;

const readStore = {
  collection: () => ({}),
  checkpoints: { load: async () => 3, store: async () => undefined },
  close: async () => undefined,
} as unknown as ReadStore;

describe('ProjectionRunner.waitFor (read-your-writes)', () => {
  it('answers true for a position applied, false after the timeout, and false — not true — when stopped before it', async () => {
    const runner = new ProjectionRunner(silentEvents, readStore, [{ name: 'things', apply: async () => undefined }]);
    await runner.start();
    expect(await runner.waitFor(3, 10)).toBe(true);
    expect(await runner.waitFor(4, 10)).toBe(false);
    const waiting = runner.waitFor(5, 60_000);
    await runner.stop();
    expect(await waiting).toBe(false);
  });
});
