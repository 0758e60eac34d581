import { MessageMeta } from '@credit-bank/contracts';
import { Injectable } from '@nestjs/common';
import { requireActor } from '@credit-bank/platform';
import { accountAddressee, institutionAddressee } from '../projections/inbox/inbox.projection';
import { InstitutionsDirectory } from '../projections/institutions/institutions-directory';

/** Whose inbox the caller reads: a learner's own, or an approved institution's (by its name). */
@Injectable()
export class InboxAddressee {
  constructor(private readonly institutions: InstitutionsDirectory) {}

  async of(meta: MessageMeta): Promise<string> {
    const actor = requireActor(meta, 'learner', 'institution');
    if (actor.role === 'learner') return accountAddressee(actor.accountId);
    return institutionAddressee((await this.institutions.approvedReviewer(actor.accountId)).institutionName);
  }
}
