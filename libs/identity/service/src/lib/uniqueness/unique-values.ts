import { UniqueKind, uniquenessDecider, UniquenessState, uniqueStreamId } from '@credit-bank/identity-domain';
import { CommandContext, EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { Pseudonyms, PSEUDONYMS } from '@credit-bank/platform';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

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
 *
 * Streams are named by a keyed HMAC of the value (`Pseudonyms`). A value claimed before keyed
 * names (its stream named by the bare sha256) is still found there: a claim by someone else in the
 * legacy stream refuses like one in the keyed stream, the owner's legacy claim counts as held and
 * is released where it is. New claims are only ever written to keyed streams.
 */
@Injectable()
export class UniqueValues {
  private readonly logger = new Logger(UniqueValues.name);
  private readonly pseudonyms: Pseudonyms;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Optional() @Inject(PSEUDONYMS) pseudonyms?: Pseudonyms) {
    this.pseudonyms = pseudonyms ?? new Pseudonyms();
  }

  streamOf(value: UniqueValue): string {
    return uniqueStreamId(value.kind, this.pseudonyms.keyOf(value.kind, value.value));
  }

  /** The stream an earlier release claimed the value in, when it differs from `streamOf`. */
  legacyStreamOf(value: UniqueValue): string | undefined {
    const legacy = this.pseudonyms.legacyKeyOf(value.kind, value.value);
    return legacy === undefined ? undefined : uniqueStreamId(value.kind, legacy);
  }

  /** The value's claim in its legacy stream, if it has one that is still held. */
  private async legacyClaim(value: UniqueValue): Promise<{ stream: string; state: UniquenessState & { status: 'claimed' } } | undefined> {
    const stream = this.legacyStreamOf(value);
    if (!stream) return undefined;
    const { state } = await loadStream(this.store, stream, uniquenessDecider);
    return state.status === 'claimed' ? { stream, state } : undefined;
  }

  /**
   * Claims one value in its keyed stream unless its legacy stream decides: refused there when
   * someone else holds it, nothing to do when the owner does. True when this call reserved it.
   */
  private async claimOne(value: UniqueValue, ownerId: string, ctx: CommandContext): Promise<boolean> {
    const claim = { type: 'ClaimUniqueValue' as const, kind: value.kind, ownerId, now: ctx.now };
    const legacy = await this.legacyClaim(value);
    if (legacy) {
      uniquenessDecider.decide(claim, legacy.state); // refuses when it is someone else's
      return false;
    }
    const { events } = await executeCommand(this.store, this.streamOf(value), uniquenessDecider, claim, ctx);
    return events.length > 0;
  }

  /**
   * Read-only early answer: refuses (IDENTITY.<KIND>_TAKEN) if a value is already claimed by
   * someone else, before the SMS code is checked or anything is written. The claims proper still
   * decide a race.
   */
  async assertFree(values: UniqueValue[], ownerId: string, ctx: CommandContext): Promise<void> {
    for (const value of values) {
      const claim = { type: 'ClaimUniqueValue' as const, kind: value.kind, ownerId, now: ctx.now };
      const legacy = await this.legacyClaim(value);
      if (legacy) {
        uniquenessDecider.decide(claim, legacy.state);
        continue;
      }
      const { state } = await loadStream(this.store, this.streamOf(value), uniquenessDecider);
      uniquenessDecider.decide(claim, state);
    }
  }

  async claimAll(values: UniqueValue[], ownerId: string, ctx: CommandContext): Promise<void> {
    const claimed: UniqueValue[] = [];
    try {
      for (const value of values) {
        if (await this.claimOne(value, ownerId, ctx)) claimed.push(value);
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
        if (await this.claimOne(value, ownerId, ctx)) claimed.push(value);
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
    return this.claimOne(value, ownerId, ctx);
  }

  /** Best effort: a release that fails is logged (by kind only, never the value) and skipped. */
  async releaseAll(values: UniqueValue[], ownerId: string, ctx: CommandContext): Promise<void> {
    for (const value of [...values].reverse()) {
      try {
        const legacy = await this.legacyClaim(value);
        const stream = legacy && legacy.state.ownerId === ownerId ? legacy.stream : this.streamOf(value);
        await executeCommand(this.store, stream, uniquenessDecider, { type: 'ReleaseUniqueValue', ownerId, now: ctx.now }, ctx);
      } catch (error) {
        this.logger.error(`Could not release the ${value.kind} claim of ${ownerId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
