import { SessionResponse } from '@credit-bank/contracts';
import { accountDecider, accountStreamId, IdentityErrorCodes, roleOf } from '@credit-bank/identity-domain';
import { DomainError, EVENT_STORE, EventStore, loadStream } from '@credit-bank/kernel';
import { contextOf } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { IDENTITY_OPTIONS, ResolvedIdentityOptions } from '../../identity-options';
import { AccountLookup } from '../../projections/accounts/account-lookup';
import { PasswordAttempts } from '../../security/password-attempts';
import { PasswordHasher } from '../../security/password-hasher';
import { OpenSessionCommand } from './open-session.command';

const invalidCredentials = () => new DomainError(IdentityErrorCodes.INVALID_CREDENTIALS, 'unauthorized', 'The identifier or the password is not correct.');

/**
 * Sign-in: an unknown identifier and a wrong password give the same answer after the same work
 * (argon2 runs against a dummy hash). Every attempt is reserved first, per client address and per
 * account (or unknown identifier): PasswordAttempts.
 * The token names its session (`sid`, a new UUID: what a sign-out closes) and the revision of the
 * account stream it was issued at (`rev`: a password change or reset at a later revision revokes
 * it — exact where `iat`, in whole seconds, could not order a sign-in and a change in one second).
 */
@CommandHandler(OpenSessionCommand)
export class OpenSessionHandler implements ICommandHandler<OpenSessionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_OPTIONS) private readonly options: ResolvedIdentityOptions,
    private readonly lookup: AccountLookup,
    private readonly hasher: PasswordHasher,
    private readonly attempts: PasswordAttempts,
    private readonly jwt: JwtService,
  ) {}

  async execute({ payload, meta }: OpenSessionCommand): Promise<SessionResponse> {
    const { identifier, password } = payload;
    const found = await this.lookup.byIdentifier(identifier);
    // Reserved before argon2 runs (durably, atomically): the client address, then the account.
    const reservation = await this.attempts.reserve(
      [meta.clientAddress ? { kind: 'address', value: meta.clientAddress } : undefined, found ? { kind: 'account', value: found.id } : PasswordAttempts.identifier(identifier)],
      contextOf(meta),
    );
    // The password hash comes from the account's own stream (the read model holds none).
    const loaded = found ? await loadStream(this.store, accountStreamId(found.id), accountDecider) : undefined;
    const state = loaded?.state;
    const ok = state && state.status !== 'unregistered' ? await this.hasher.verify(state.passwordHash, password) : await this.hasher.verifyNothing(password);
    if (!ok || !loaded || !state || state.status === 'unregistered') throw invalidCredentials();
    await reservation.succeeded();
    const accessToken = await this.jwt.signAsync({ sub: state.accountId, role: roleOf(state.accountType), sid: randomUUID(), rev: loaded.revision });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.options.jwtTtlSeconds };
  }
}
