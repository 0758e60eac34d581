import { MessageMeta } from '@credit-bank/contracts';
import { Injectable } from '@nestjs/common';
import { requireActor } from '@credit-bank/platform';
import { accountAddressee, ADMINISTRATION_ADDRESSEE, institutionAddressee } from '../projections/inbox/inbox.projection';
import { InstitutionsDirectory } from '../projections/institutions/institutions-directory';

/**
 * Whose inbox the caller reads: a learner's own; an institution account's own messages (its
 * approval or rejection) and, once approved and linked, those of the directory institution it is
 * linked to (by id); 管理中心's for the administrator.
 */
@Injectable()
export class InboxAddressee {
  constructor(private readonly institutions: InstitutionsDirectory) {}

  async of(meta: MessageMeta): Promise<string[]> {
    const actor = requireActor(meta, 'learner', 'institution', 'admin');
    if (actor.role === 'learner') return [accountAddressee(actor.accountId)];
    if (actor.role === 'admin') return [ADMINISTRATION_ADDRESSEE];
    const found = await this.institutions.get(actor.accountId);
    const own = accountAddressee(actor.accountId);
    return found?.status === 'approved' && found.institutionId ? [own, institutionAddressee(found.institutionId)] : [own];
  }
}
