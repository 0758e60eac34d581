import { BaseRpcContext } from '@nestjs/microservices';

export type InProcessContextArgs = [pattern: string, attempt: number];

/** What `@Ctx()` gives a handler on the in-process transport. */
export class InProcessContext extends BaseRpcContext<InProcessContextArgs> {
  constructor(args: InProcessContextArgs) {
    super(args);
  }

  /** The pattern (route) of the message. */
  getPattern(): string {
    return this.args[0];
  }

  /** 1 for the first delivery of an event, 2 for its first retry, …; always 1 for a request. */
  getAttempt(): number {
    return this.args[1];
  }
}
