import { ACCOUNT_ERASED_V1, ACCOUNT_REGISTERED_V1, AccountErasedV1Data, AccountRegisteredV1Data, INSTITUTION_DECIDED_V1, InstitutionDecidedV1Data } from '@credit-bank/contracts';
import { ACCOUNT_STREAM_PREFIX, AccountEvent } from '@credit-bank/identity-domain';
import { EVENT_STORE, EventStore, READ_STORE, ReadStore, RecordedEvent } from '@credit-bank/kernel';
import { BUS_CLIENT, IntegrationRelay } from '@credit-bank/platform';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';

/**
 * Maps the identity events other services may know of: registrations of individuals and
 * institutions (without any ID number) and the administrator's decisions on institutions (an
 * approval and a later link carry the directory institution the account reviews for; an approval
 * from before institutions had ids, `institutionId: null`), and erasures of learners' accounts
 * (nothing personal: the other services forget the person). The administrator's own registration
 * and password changes stay private.
 */
export function mapIdentityEvent(event: RecordedEvent): { topic: string; data: AccountRegisteredV1Data | InstitutionDecidedV1Data | AccountErasedV1Data } | null {
  if (!event.streamId.startsWith(ACCOUNT_STREAM_PREFIX)) return null;
  const e = event as unknown as AccountEvent;
  switch (e.type) {
    case 'AccountRegistered':
      return {
        topic: ACCOUNT_REGISTERED_V1,
        data: { accountId: e.data.accountId, accountType: 'individual', username: e.data.username, displayName: e.data.realName, registeredAt: e.data.registeredAt },
      };
    case 'InstitutionRegistered':
      return {
        topic: ACCOUNT_REGISTERED_V1,
        data: { accountId: e.data.accountId, accountType: 'institution', username: e.data.username, displayName: e.data.name, registeredAt: e.data.registeredAt },
      };
    case 'InstitutionApproved':
      return {
        topic: INSTITUTION_DECIDED_V1,
        data: { accountId: e.data.accountId, institutionName: e.data.institutionName, institutionId: e.data.institutionId ?? null, decision: 'approved', decidedAt: e.data.approvedAt },
      };
    case 'InstitutionLinked':
      return {
        topic: INSTITUTION_DECIDED_V1,
        data: { accountId: e.data.accountId, institutionName: e.data.institutionName, institutionId: e.data.institutionId, decision: 'approved', decidedAt: e.data.linkedAt },
      };
    case 'InstitutionRejected':
      return {
        topic: INSTITUTION_DECIDED_V1,
        data: { accountId: e.data.accountId, institutionName: e.data.institutionName, institutionId: null, decision: 'rejected', reason: e.data.reason, decidedAt: e.data.rejectedAt },
      };
    case 'AccountErased':
      return { topic: ACCOUNT_ERASED_V1, data: { accountId: e.data.accountId, accountType: 'individual', erasedAt: e.data.erasedAt } };
    default:
      return null;
  }
}

/** Publishes ACCOUNT_REGISTERED_V1, INSTITUTION_DECIDED_V1 and ACCOUNT_ERASED_V1 by following the event store from its checkpoint. */
@Injectable()
export class IdentityIntegrationRelay extends IntegrationRelay {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(READ_STORE) readStore: ReadStore,
    @Optional() @Inject(BUS_CLIENT) bus?: ClientProxy,
  ) {
    super('identity', eventStore, readStore, bus, mapIdentityEvent);
  }
}
