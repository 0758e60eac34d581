import { UniqueKind, uniquenessDecider, uniqueStreamId } from '@credit-bank/identity-domain';
import { CommandContext, EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { keyOf } from '@credit-bank/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';

export interface UniqueValue {
  kind: UniqueKind;
  /** Already normalized (lower-case username and email, upper-case ID numbers). */
  value: string;
}

/**
 * Reserves unique values, each in its own stream appended with the revision just read: of two
 * concurrent registrations wanting the same value, one appends and the other, retried on the
 * conflict, sees the claim and is refused (IDENTITY.<KIND>_TAKEN). All or nothing: when a later
 * claim fails, the earlier ones are released.
 */
@Injectable()
export class UniqueValues {
  private readonly logger = new Logger(UniqueValues.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  streamOf(value: UniqueValue): string {
    return uniqueStreamId(value.kind, keyOf(value.kind, value.value));
  }

  /**
   * Read-only early answer: refuses (IDENTITY.<KIND>_TAKEN) if a value is already claimed by
   * someone else, before the SMS code is checked or anything is written. The claims proper still
   * decide a race.
   */
  async assertFree(values: UniqueValue[], ownerId: string, ctx: CommandContext): Promise<void> {
    for (const value of values) {
      const { state } = await loadStream(this.store, this.streamOf(value), uniquenessDecider);
      uniquenessDecider.decide({ type: 'ClaimUniqueValue', kind: value.kind, ownerId, now: ctx.now }, state);
    }
  }

  async claimAll(values: UniqueValue[], ownerId: string, ctx: CommandContext): Promise<void> {
    const claimed: UniqueValue[] = [];
    try {
      for (const value of values) {
        await executeCommand(this.store, this.streamOf(value), uniquenessDecider, { type: 'ClaimUniqueValue', kind: value.kind, ownerId, now: ctx.now }, ctx);
        claimed.push(value);
      }
    } catch (error) {
      await this.releaseAll(claimed, ownerId, ctx);
      throw error;
    }
  }

  /**
   * Like `claimAll`, for an owner that may already hold some of the values (an institution
   * account claims its name at registration, again when approved): returns only the values this
   * call claimed — what to release if the write that needed them fails — and on a refusal
   * releases only those.
   */
  async claimNew(values: UniqueValue[], ownerId: string, ctx: CommandContext): Promise<UniqueValue[]> {
    const claimed: UniqueValue[] = [];
    try {
      for (const value of values) {
        const { events } = await executeCommand(this.store, this.streamOf(value), uniquenessDecider, { type: 'ClaimUniqueValue', kind: value.kind, ownerId, now: ctx.now }, ctx);
        if (events.length) claimed.push(value);
      }
    } catch (error) {
      await this.releaseAll(claimed, ownerId, ctx);
      throw error;
    }
    return claimed;
  }

  /**
   * Claims one value for its owner; true when this call reserved it, false when the owner held it
   * already (so a failure afterwards releases only what was reserved here).
   */
  async claim(value: UniqueValue, ownerId: string, ctx: CommandContext): Promise<boolean> {
    const { events } = await executeCommand(this.store, this.streamOf(value), uniquenessDecider, { type: 'ClaimUniqueValue', kind: value.kind, ownerId, now: ctx.now }, ctx);
    return events.length > 0;
  }

  /** Best effort: a release that fails is logged (by kind only, never the value) and skipped. */
  async releaseAll(values: UniqueValue[], ownerId: string, ctx: CommandContext): Promise<void> {
    for (const value of [...values].reverse()) {
      try {
        await executeCommand(this.store, this.streamOf(value), uniquenessDecider, { type: 'ReleaseUniqueValue', ownerId, now: ctx.now }, ctx);
      } catch (error) {
        this.logger.error(`Could not release the ${value.kind} claim of ${ownerId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
