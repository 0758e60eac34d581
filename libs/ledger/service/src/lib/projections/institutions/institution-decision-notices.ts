import { InstitutionDecidedV1 } from '@credit-bank/contracts';
import { inboxDecider, inboxStreamId } from '@credit-bank/ledger-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { Inject, Injectable } from '@nestjs/common';

/**
 * 机构审核 in the institution's inbox: the administrator's decision, as identity announced it, is
 * noted in the account's inbox stream (`InstitutionDecisionNoted`, once per identity event), and
 * the inbox projection turns it into a message to the account. Being a ledger event, the message
 * comes back in a rebuild from the ledger's history.
 */
@Injectable()
export class InstitutionDecisionNotices {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async note(event: InstitutionDecidedV1): Promise<void> {
    const { accountId, institutionName, decision, reason, decidedAt } = event.data;
    const institutionId = decision === 'approved' && typeof event.data.institutionId === 'string' && event.data.institutionId !== '' ? event.data.institutionId : null;
    await executeCommand(
      this.store,
      inboxStreamId(accountId),
      inboxDecider,
      {
        type: 'NoteInstitutionDecision',
        decision: { accountId, identityEventId: event.eventId, decision, institutionName, institutionId, ...(reason ? { reason } : {}), decidedAt: decidedAt ?? event.occurredAt },
      },
      { actor: 'system', correlationId: event.correlationId ?? event.eventId, now: new Date().toISOString() },
    );
  }
}
