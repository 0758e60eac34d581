import { AccountRegisteredV1, InstitutionDecidedV1 } from '@credit-bank/contracts';
import { LedgerErrorCodes, Reviewer } from '@credit-bank/ledger-domain';
import { DomainError, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';

export const INSTITUTIONS_COLLECTION = 'ledger_institutions';

export type InstitutionStatus = 'pending' | 'approved' | 'rejected';

/** What the ledger knows of an institution account: the directory institution it reviews for, and whether it may. */
export interface InstitutionDocument {
  /**
   * The directory institution (资历机构) the administrator linked the account to. Null (or absent,
   * in documents written before institutions had ids): not linked — the account reviews nothing.
   */
  institutionId?: string | null;
  institutionName: string;
  status: InstitutionStatus;
  /** When the administrator decided (null while pending). */
  decidedAt: string | null;
  /** Identity of the integration event it came from. */
  eventId: string;
}

const isPosition = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * ledger_institutions {accountId → institutionId, institutionName, status}, fed by identity's integration events
 * `identity.account-registered.v1` (an institution registers: pending) and
 * `identity.institution-decided.v1` (approved or rejected). Delivery is at least once and the two
 * topics are not ordered with each other: each document keeps the identity position of the event
 * it came from and an older event never overwrites a newer one, so duplicates, replays and a
 * decision arriving before the registration all end in the same document.
 */
@Injectable()
export class InstitutionsDirectory implements OnModuleInit {
  private readonly logger = new Logger(InstitutionsDirectory.name);

  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /** `hasReviewer` asks by directory institution and status (the collection is fed by integration events, not a projection). */
  async onModuleInit(): Promise<void> {
    await this.readStore.ensureIndex?.(INSTITUTIONS_COLLECTION, ['institutionId', 'status']);
  }

  private get collection() {
    return this.readStore.collection<InstitutionDocument>(INSTITUTIONS_COLLECTION);
  }

  /** An institution registered (pending approval); individuals are ignored. True when it changed the directory. */
  async accountRegistered(event: AccountRegisteredV1): Promise<boolean> {
    const data = event?.data;
    if (!data || typeof data.accountId !== 'string' || !isPosition(event.position)) {
      this.logger.warn(`Ignored a malformed account-registered event ${JSON.stringify(event)?.slice(0, 200)}`);
      return false;
    }
    if (data.accountType !== 'institution') return false;
    const doc: InstitutionDocument = { institutionName: data.displayName, status: 'pending', decidedAt: null, eventId: event.eventId };
    return (await this.collection.write([{ kind: 'upsert', id: data.accountId, doc, position: event.position }])) > 0;
  }

  /** The administrator approved or rejected the institution. True when it changed the directory. */
  async institutionDecided(event: InstitutionDecidedV1): Promise<boolean> {
    const data = event?.data;
    if (
      !data ||
      typeof data.accountId !== 'string' ||
      typeof data.institutionName !== 'string' ||
      (data.decision !== 'approved' && data.decision !== 'rejected') ||
      !isPosition(event.position)
    ) {
      this.logger.warn(`Ignored a malformed institution-decided event ${JSON.stringify(event)?.slice(0, 200)}`);
      return false;
    }
    const institutionId = data.decision === 'approved' && typeof data.institutionId === 'string' && data.institutionId !== '' ? data.institutionId : null;
    // Only a link is recorded: an unlinked document has no institutionId at all, exactly as one written before institutions had ids.
    const doc: InstitutionDocument = { ...(institutionId ? { institutionId } : {}), institutionName: data.institutionName, status: data.decision, decidedAt: data.decidedAt ?? null, eventId: event.eventId };
    return (await this.collection.write([{ kind: 'upsert', id: data.accountId, doc, position: event.position }])) > 0;
  }

  async get(accountId: string): Promise<InstitutionDocument | undefined> {
    return this.collection.get(accountId);
  }

  /**
   * The reviewer behind an institution account, checked in the ledger itself: an account the
   * administrator has not approved (unknown, pending or rejected) is refused with 403, and so is an
   * approved one not linked to a directory institution (approved by name, before ids).
   */
  async approvedReviewer(accountId: string): Promise<Reviewer> {
    const found = await this.collection.get(accountId);
    if (!found || found.status !== 'approved') {
      throw new DomainError(LedgerErrorCodes.INSTITUTION_NOT_APPROVED, 'forbidden', 'Only an institution approved by the administrator may review recognition requests.', {
        status: found?.status ?? 'unknown',
      });
    }
    if (!found.institutionId) {
      throw new DomainError(
        LedgerErrorCodes.INSTITUTION_NOT_LINKED,
        'forbidden',
        'The institution account is not linked to an institution of the directory yet; the administrator links it when approving.',
      );
    }
    return { reviewerId: accountId, institutionId: found.institutionId, institutionName: found.institutionName };
  }

  /** Whether an approved account reviews for the directory institution. */
  async hasReviewer(institutionId: string): Promise<boolean> {
    const [found] = await this.collection.find({ where: { institutionId, status: 'approved' }, limit: 1 });
    return found !== undefined;
  }
}
