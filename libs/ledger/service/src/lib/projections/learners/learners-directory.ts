import { AccountRegisteredV1 } from '@credit-bank/contracts';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject, Injectable, Logger } from '@nestjs/common';

export const LEARNERS_COLLECTION = 'ledger_learners';

/** What the ledger knows of a learner: the real name for the list's 姓名 column. */
export interface LearnerDocument {
  username: string;
  realName: string;
  registeredAt: string;
  /** Identity of the integration event it came from. */
  eventId: string;
}

/**
 * ledger_learners, fed by the integration event `identity.account-registered.v1` (never by
 * reading the identity service's data). Delivery is at least once: a document remembers the
 * event's position in the identity stream store, so a duplicate or a replay changes nothing.
 * Institutions are not learners and are not kept.
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
    if (!data || typeof data.accountId !== 'string' || typeof event.position !== 'number' || !Number.isFinite(event.position)) {
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

  /** The learner's real name, or null when the ledger has not heard of the account. */
  async nameOf(accountId: string): Promise<string | null> {
    return (await this.collection.get(accountId))?.realName ?? null;
  }
}
