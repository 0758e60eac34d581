export interface CatalogCommandOptions {
  /**
   * Wait (bounded) until the projections applied the append before answering: read-your-writes.
   * Default true; the seeder turns it off and waits once after its last command.
   */
  awaitProjection?: boolean;
}
