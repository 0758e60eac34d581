import { AccountErasedV1, AccountRegisteredV1 } from '@credit-bank/contracts';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject, Injectable, Logger } from '@nestjs/common';

export const LEARNERS_COLLECTION = 'ledger_learners';

/**
 * What the ledger knows of a learner: the real name for the list's 姓名 column. Once the learner
 * erased their account, nothing personal: username and name null, `learnerErased: true`.
 */
export interface LearnerDocument {
  username: string | null;
  realName: string | null;
  registeredAt: string | null;
  learnerErased?: true;
  erasedAt?: string;
  /** Identity of the integration event it came from. */
  eventId: string;
}

/** How a learner is shown next to their achievements and applications. */
export interface LearnerLabel {
  learnerName: string | null;
  learnerErased: boolean;
}

const isPosition = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * ledger_learners, fed by the integration events `identity.account-registered.v1` and
 * `identity.account-erased.v1` (never by reading the identity service's data). Delivery is at
 * least once and the topics are not ordered with each other: a document remembers the identity
 * position of the event it came from, so a duplicate, a replay or a registration arriving after
 * the erasure changes nothing. An erasure replaces the whole document (nothing of the person
 * survives it). Institutions are not learners and are not kept.
 */
@Injectable()
export class LearnersDirectory {
  private readonly logger = new Logger(LearnersDirectory.name);

  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  private get collection() {
    return this.readStore.collection<LearnerDocument>(LEARNERS_COLLECTION);
  }

  /** Returns true when the event changed the directory. */
  async accountRegistered(event: AccountRegisteredV1): Promise<boolean> {
    const data = event?.data;
    if (!data || typeof data.accountId !== 'string' || !isPosition(event.position)) {
      this.logger.warn(`Ignored a malformed account-registered event ${JSON.stringify(event)?.slice(0, 200)}`);
      return false;
    }
    if (data.accountType !== 'individual') return false;
    const applied = await this.collection.write([
      {
        kind: 'upsert',
        id: data.accountId,
        doc: { username: data.username, realName: data.displayName, registeredAt: data.registeredAt, eventId: event.eventId },
        position: event.position,
      },
    ]);
    return applied > 0;
  }

  /** The learner erased their account: forget the person, keep that they were a learner. True when it changed the directory. */
  async accountErased(event: AccountErasedV1): Promise<boolean> {
    const data = event?.data;
    if (!data || typeof data.accountId !== 'string' || !isPosition(event.position)) {
      this.logger.warn(`Ignored a malformed account-erased event ${JSON.stringify(event)?.slice(0, 200)}`);
      return false;
    }
    const doc: LearnerDocument = { username: null, realName: null, registeredAt: null, learnerErased: true, erasedAt: data.erasedAt, eventId: event.eventId };
    return (await this.collection.write([{ kind: 'upsert', id: data.accountId, doc, position: event.position }])) > 0;
  }

  /** After an erasure: the read store makes the replaced document unrecoverable from its files (see ReadStore.purgeReplaced). */
  async purgeReplaced(): Promise<void> {
    await this.readStore.purgeReplaced?.();
  }

  /** The learner's real name, or null when the ledger has not heard of the account or it was erased. */
  async nameOf(accountId: string): Promise<string | null> {
    return (await this.collection.get(accountId))?.realName ?? null;
  }

  /** The learner as lists show them: the name, or erased (已注销). */
  async labelOf(accountId: string): Promise<LearnerLabel> {
    const found = await this.collection.get(accountId);
    return { learnerName: found?.realName ?? null, learnerErased: found?.learnerErased === true };
  }
}
