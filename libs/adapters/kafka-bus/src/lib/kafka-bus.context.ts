import { BaseRpcContext } from '@nestjs/microservices';
import { IHeaders } from 'kafkajs';

export type KafkaBusContextArgs = [pattern: string, topic: string, partition: number, offset: string, attempt: number, headers: IHeaders];

/** What `@Ctx()` gives a handler on the Kafka bus. */
export class KafkaBusContext extends BaseRpcContext<KafkaBusContextArgs> {
  private reported?: { error: unknown };

  constructor(args: KafkaBusContextArgs) {
    super(args);
  }

  /**
   * For an exception filter: the error as it was thrown, before the filter turned it into what
   * leaves the service (often a message without internals). The transport puts its message on
   * the dead-letter topic when the event is parked. Filters find it duck-typed:
   * `host.switchToRpc().getContext()?.reportError?.(exception)`.
   */
  reportError(error: unknown): void {
    this.reported = { error };
  }

  /** What a filter reported with {@link reportError}, if anything. */
  reportedError(): { error: unknown } | undefined {
    return this.reported;
  }

  /** The pattern (route) of the message: its topic without the bus' topic prefix. */
  getPattern(): string {
    return this.args[0];
  }

  getTopic(): string {
    return this.args[1];
  }

  getPartition(): number {
    return this.args[2];
  }

  getOffset(): string {
    return this.args[3];
  }

  /** 1 for the first delivery of an event, 2 for its first retry, …; always 1 for a request. */
  getAttempt(): number {
    return this.args[4];
  }

  getHeaders(): IHeaders {
    return this.args[5];
  }
}
