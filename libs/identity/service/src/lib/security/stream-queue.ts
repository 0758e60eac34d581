/**
 * Work on one stream, one piece after another within this process. The event store's expected
 * revision already makes concurrent appends safe (across processes too); queueing the hot
 * counter streams (attempts, the SMS budget) only spares a burst from spinning on conflicts.
 */
export class StreamQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const next = (this.tails.get(stream) ?? Promise.resolve()).then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(stream, tail);
    void tail.then(() => {
      if (this.tails.get(stream) === tail) this.tails.delete(stream);
    });
    return next;
  }
}
