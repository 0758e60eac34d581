import { RecordedEvent } from './events';
import { EventStore, Subscription } from './event-store.port';
import { ReadStore } from './read-store.port';

/**
 * A projection turns events into read documents. `apply` receives a batch in position order and
 * must be idempotent: documents carry `_position`, and writes through `ReadCollection.write` skip
 * what is already applied, so a replay or a duplicate changes nothing.
 */
export interface Projection {
  /** Stable name; also the checkpoint id. */
  readonly name: string;
  /** The indexes its queries need (top-level fields per collection), made when the runner starts. */
  readonly indexes?: ReadonlyArray<{ collection: string; fields: string[] }>;
  /**
   * Collections an earlier version of this projection wrote, emptied when the runner starts. A
   * projection whose documents change shape takes a new name and new collections, so it rebuilds
   * from the first event (a guarded write would skip every event already applied to an old
   * document); the old ones are emptied rather than left stale.
   */
  readonly supersedes?: readonly string[];
  apply(events: RecordedEvent[], store: ReadStore): Promise<void>;
}

/** Makes a projection's indexes and empties the collections it supersedes (idempotent). */
export async function prepareProjection(projection: Projection, store: ReadStore): Promise<void> {
  for (const index of projection.indexes ?? []) await store.ensureIndex?.(index.collection, index.fields);
  for (const name of projection.supersedes ?? []) await store.collection(name).clear();
}

export interface ProjectionRunnerOptions {
  batchSize?: number;
  onError?: (projection: string, error: unknown) => void;
}

/**
 * Runs projections on catch-up subscriptions from their stored checkpoints and lets a writer wait
 * until its own write is visible (read-your-writes for the client that just wrote).
 */
export class ProjectionRunner {
  private subscriptions: Subscription[] = [];
  private positions = new Map<string, number>();
  private waiters: Array<{ position: number; resolve: (reached?: boolean) => void }> = [];
  private failures = new Map<string, unknown>();

  constructor(
    private readonly events: EventStore,
    private readonly readStore: ReadStore,
    private readonly projections: Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {}

  async start(): Promise<void> {
    for (const projection of this.projections) {
      await prepareProjection(projection, this.readStore);
      const checkpoint = await this.readStore.checkpoints.load(projection.name);
      this.positions.set(projection.name, checkpoint);
      const subscription = this.events.subscribeToAll({
        after: checkpoint,
        batchSize: this.options.batchSize ?? 500,
        handler: async (batch) => {
          await projection.apply(batch, this.readStore);
          const last = batch[batch.length - 1].position;
          await this.readStore.checkpoints.store(projection.name, last);
          this.positions.set(projection.name, last);
          this.release();
        },
        onError: (error) => {
          this.failures.set(projection.name, error);
          this.options.onError?.(projection.name, error);
        },
      });
      this.subscriptions.push(subscription);
    }
    // Events appended before start are "seen" once every projection passed the head.
    this.release();
  }

  /** The lowest position every projection has applied. */
  get position(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const p of this.positions.values()) min = Math.min(min, p);
    return min === Number.POSITIVE_INFINITY ? 0 : min;
  }

  /** Projections that stopped on an error (for readiness checks). */
  get failed(): ReadonlyMap<string, unknown> {
    return this.failures;
  }

  /** Resolves once every projection has applied `position`, or after `timeoutMs` (then false). */
  waitFor(position: number, timeoutMs = 5000): Promise<boolean> {
    if (this.position >= position || this.projections.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = {
        position,
        resolve: (reached = true) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
    this.subscriptions = [];
    // Stopped before they reached the position: not applied (a writer must not say it was).
    for (const w of this.waiters) w.resolve(this.position >= w.position);
    this.waiters = [];
  }

  private release(): void {
    const reached = this.position;
    const ready = this.waiters.filter((w) => w.position <= reached);
    if (!ready.length) return;
    this.waiters = this.waiters.filter((w) => w.position > reached);
    for (const w of ready) w.resolve();
  }
}
