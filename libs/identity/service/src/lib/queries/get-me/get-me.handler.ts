import { MeResponse } from '@credit-bank/contracts';
import { IdentityErrorCodes } from '@credit-bank/identity-domain';
import { DomainError } from '@credit-bank/kernel';
import { requireActor } from '@credit-bank/platform';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AccountLookup } from '../../projections/accounts/account-lookup';
import { GetMeQuery } from './get-me.query';

/** The signed-in account from the read model (which holds no password hash, a masked ID number). */
@QueryHandler(GetMeQuery)
export class GetMeHandler implements IQueryHandler<GetMeQuery> {
  constructor(private readonly lookup: AccountLookup) {}

  async execute({ meta }: GetMeQuery): Promise<MeResponse> {
    const actor = requireActor(meta);
    const found = await this.lookup.byId(actor.accountId);
    if (!found) throw new DomainError(IdentityErrorCodes.ACCOUNT_NOT_FOUND, 'not_found', 'No such account.');
    const { _position, usernameKey: _key, decidedBy: _by, ...account } = found as typeof found & { _position?: number };
    return account;
  }
}
