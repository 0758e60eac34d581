import { SessionResponse } from '@credit-bank/contracts';
import { accountDecider, accountStreamId, IdentityErrorCodes, roleOf } from '@credit-bank/identity-domain';
import { DomainError, EVENT_STORE, EventStore, loadStream } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { IDENTITY_OPTIONS, ResolvedIdentityOptions } from '../../identity-options';
import { AccountLookup } from '../../projections/accounts/account-lookup';
import { LoginThrottle } from '../../security/login-throttle';
import { PasswordHasher } from '../../security/password-hasher';
import { OpenSessionCommand } from './open-session.command';

const invalidCredentials = () => new DomainError(IdentityErrorCodes.INVALID_CREDENTIALS, 'unauthorized', 'The identifier or the password is not correct.');

/**
 * Sign-in: an unknown identifier and a wrong password give the same answer after the same work
 * (argon2 runs against a dummy hash). Failures are counted per identifier (LoginThrottle).
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
    private readonly throttle: LoginThrottle,
    private readonly jwt: JwtService,
  ) {}

  async execute({ payload }: OpenSessionCommand): Promise<SessionResponse> {
    const { identifier, password } = payload;
    this.throttle.check(identifier);
    const found = await this.lookup.byIdentifier(identifier);
    // The password hash comes from the account's own stream (the read model holds none).
    const loaded = found ? await loadStream(this.store, accountStreamId(found.id), accountDecider) : undefined;
    const state = loaded?.state;
    const ok = state && state.status !== 'unregistered' ? await this.hasher.verify(state.passwordHash, password) : await this.hasher.verifyNothing(password);
    if (!ok || !loaded || !state || state.status === 'unregistered') {
      this.throttle.recordFailure(identifier);
      throw invalidCredentials();
    }
    this.throttle.recordSuccess(identifier);
    const accessToken = await this.jwt.signAsync({ sub: state.accountId, role: roleOf(state.accountType), sid: randomUUID(), rev: loaded.revision });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.options.jwtTtlSeconds };
  }
}
