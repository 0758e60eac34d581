import { IdentityPersonalData } from '@credit-bank/contracts';
import { accountStreamId, IdentityErrorCodes } from '@credit-bank/identity-domain';
import { DomainError, EVENT_STORE, EventStore, READ_STORE, ReadStore, SEALED_FIELD } from '@credit-bank/kernel';
import { requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AccountLookup } from '../../projections/accounts/account-lookup';
import { SESSIONS_COLLECTION, SessionsDocument } from '../../projections/sessions/sessions.projection';
import { ExportPersonalDataQuery } from './export-personal-data.query';

/** Fields never exported: one-way password hashes (no use to anyone, a risk in a file the person keeps). */
const WITHHELD = new Set(['passwordHash', SEALED_FIELD]);

/**
 * 个人信息副本 (PIPL art. 45), identity's part: the account as the read model shows it, but with
 * the full ID number the registration holds (it is the person's own), every event of the account's
 * stream (read through the sealing store: unsealed) without password hashes, and what ends its
 * sessions. A sign-in leaves no event of its own; password attempts are only counted, in hourly
 * streams named by a keyed pseudonym of the account (times, for throttling, found by hour not by
 * account), and are not listed here.
 */
@QueryHandler(ExportPersonalDataQuery)
export class ExportPersonalDataHandler implements IQueryHandler<ExportPersonalDataQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly lookup: AccountLookup,
  ) {}

  async execute({ meta }: ExportPersonalDataQuery): Promise<IdentityPersonalData> {
    const actor = requireActor(meta);
    const [found, events, sessions] = await Promise.all([
      this.lookup.byId(actor.accountId),
      this.store.readStream(accountStreamId(actor.accountId)),
      this.readStore.collection<SessionsDocument>(SESSIONS_COLLECTION).get(actor.accountId),
    ]);
    if (!found || events.length === 0) throw new DomainError(IdentityErrorCodes.ACCOUNT_NOT_FOUND, 'not_found', 'No such account.');
    const { _position, usernameKey: _key, ...account } = found as typeof found & { _position?: number };
    const registration = events.find((e) => e.type === 'AccountRegistered')?.data as { idNumber?: string } | undefined;
    const history = events.map((e) => ({
      type: e.type,
      occurredAt: e.metadata.occurredAt,
      revision: e.revision,
      data: Object.fromEntries(Object.entries(e.data as Record<string, unknown>).filter(([k]) => !WITHHELD.has(k))),
    }));
    let sessionsOut: Record<string, unknown> | null = null;
    if (sessions) {
      const { id: _id, _position: _p, ...rest } = sessions;
      sessionsOut = rest;
    }
    return {
      account: { ...account, ...(registration?.idNumber ? { idNumber: registration.idNumber } : {}) },
      history,
      sessions: sessionsOut,
    };
  }
}
