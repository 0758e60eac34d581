import { READ_MODEL_PENDING } from '@credit-bank/contracts';
import { EventStore, Projection, ProjectionRunner, ReadStore } from '@credit-bank/kernel';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * Base for a service's projection host: starts its projections from their checkpoints when the
 * application boots and stops them on shutdown. Handlers call `waitFor(position)` so the client
 * that wrote sees its write on its next read.
 */
export abstract class ProjectionsHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(this.constructor.name);
  readonly runner: ProjectionRunner;

  protected constructor(eventStore: EventStore, readStore: ReadStore, projections: Projection[]) {
    this.runner = new ProjectionRunner(eventStore, readStore, projections, {
      onError: (name, error) => this.logger.error(`Projection ${name} stopped: ${error instanceof Error ? error.stack : String(error)}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  waitFor(position: number | undefined, timeoutMs = 5000): Promise<boolean> {
    return position === undefined ? Promise.resolve(true) : this.runner.waitFor(position, timeoutMs);
  }

  /**
   * Waits for the projections to apply `position`, then gives the command's answer; marked
   * `readModelPending` if they did not in time, so the gateway answers 202 Accepted with a Location
   * to poll instead of a success the next read would contradict.
   */
  async settle<T extends object>(position: number | undefined, answer: T, timeoutMs = 5000): Promise<T> {
    return (await this.waitFor(position, timeoutMs)) ? answer : pendingAnswer(answer);
  }
}

/** Whether a command's answer says its read model had not applied it in time. */
export function isPending(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as Record<string, unknown>)[READ_MODEL_PENDING] === true;
}

/** The message handler's own `answer`, carrying the command's pending mark (a handler that answers something else than the command's result). */
export function carryPending<T extends object>(commandResult: unknown, answer: T): T {
  return isPending(commandResult) ? pendingAnswer(answer) : answer;
}

/** `answer` marked as stored but not yet readable (see `READ_MODEL_PENDING`). */
export function pendingAnswer<T extends object>(answer: T): T {
  return { ...answer, [READ_MODEL_PENDING]: true };
}
