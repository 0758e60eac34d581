import {
  accountDecider,
  accountStreamId,
  IdentityErrorCodes,
  isValidUsername,
  meetsPasswordPolicy,
  TAKEN_CODES,
  uniquenessDecider,
  usernameKey,
} from '@credit-bank/identity-domain';
import { CommandContext, DomainError, EVENT_STORE, EventStore, executeCommand, loadStream, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';
import { IDENTITY_OPTIONS, ResolvedIdentityOptions } from '../identity-options';
import { ACCOUNTS_COLLECTION, AccountDocument } from '../projections/accounts/accounts.projection';
import { IdentityProjectionsHost } from '../projections/identity-projections.host';
import { PasswordHasher } from '../security/password-hasher';
import { UniqueValue, UniqueValues } from '../uniqueness/unique-values';

/** Namespace of the name-based (v5) ids of configured administrators; never change it. */
const ADMINISTRATOR_ID_NAMESPACE = '6fcb8cd9-70c2-4937-9216-3bf9f5837ebc';

/** The account id of the administrator with this username (the same in every process). */
export const administratorIdOf = (username: string): string => uuidV5(usernameKey(username), ADMINISTRATOR_ID_NAMESPACE);

export type AdministratorOutcome =
  | { kind: 'created'; accountId: string; username: string }
  | { kind: 'exists'; accountId: string; username: string }
  | { kind: 'not-configured'; administrators: number };

/**
 * Registers the first administrator from the configuration when the service starts, unless an
 * account with that username exists (idempotent across restarts; the password of an existing
 * administrator is not changed). The account id is derived from the username and the username
 * is claimed through the uniqueness stream, so two processes starting at once register it once;
 * a start that died between the claim and the registration is completed by the next one. If the
 * username belongs to another account, the start fails (IDENTITY.ADMINISTRATOR_USERNAME_TAKEN).
 */
@Injectable()
export class AdministratorBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdministratorBootstrap.name);
  /** What the start did, for the composition's log. */
  outcome?: AdministratorOutcome;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(IDENTITY_OPTIONS) private readonly options: ResolvedIdentityOptions,
    private readonly hasher: PasswordHasher,
    private readonly uniqueValues: UniqueValues,
    private readonly projections: IdentityProjectionsHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.outcome = this.options.administrator ? await this.ensure(this.options.administrator) : await this.countExisting();
    this.logger[this.outcome.kind === 'not-configured' && this.outcome.administrators === 0 ? 'warn' : 'log'](describeAdministrator(this.outcome));
  }

  private async ensure({ username: raw, password }: { username: string; password: string }): Promise<AdministratorOutcome> {
    const username = raw.trim();
    if (!isValidUsername(username)) throw new Error('The administrator username must be 4 to 32 letters, digits or underscores, not all digits');
    if (!meetsPasswordPolicy(password)) throw new Error('The administrator password must be 8 to 64 characters with at least one letter and one digit');
    const accountId = administratorIdOf(username);
    const ctx: CommandContext = { actor: 'system', correlationId: randomUUID(), now: new Date().toISOString() };
    const claim: UniqueValue = { kind: 'username', value: usernameKey(username) };

    const claimed = (await loadStream(this.store, this.uniqueValues.streamOf(claim), uniquenessDecider)).state;
    if (claimed.status === 'claimed' && claimed.ownerId !== accountId) throw usernameTaken();
    if ((await loadStream(this.store, accountStreamId(accountId), accountDecider)).state.status !== 'unregistered') return { kind: 'exists', accountId, username };

    const passwordHash = await this.hasher.hash(password);
    try {
      await this.uniqueValues.claimAll([claim], accountId, ctx);
    } catch (error) {
      throw error instanceof DomainError && error.code === TAKEN_CODES.username ? usernameTaken() : error;
    }
    try {
      const { position } = await executeCommand(this.store, accountStreamId(accountId), accountDecider, { type: 'RegisterAdministrator', accountId, username, passwordHash, now: ctx.now }, ctx);
      await this.projections.waitFor(position);
      return { kind: 'created', accountId, username };
    } catch (error) {
      // Another process starting at the same time registered it first.
      if (error instanceof DomainError && error.code === IdentityErrorCodes.ACCOUNT_ALREADY_REGISTERED) return { kind: 'exists', accountId, username };
      throw error;
    }
  }

  private async countExisting(): Promise<AdministratorOutcome> {
    await this.projections.waitFor(await this.store.headPosition());
    const administrators = await this.readStore.collection<AccountDocument>(ACCOUNTS_COLLECTION).count({ where: { role: 'admin' } });
    return { kind: 'not-configured', administrators };
  }
}

function usernameTaken(): DomainError {
  return new DomainError(
    IdentityErrorCodes.ADMINISTRATOR_USERNAME_TAKEN,
    'conflict',
    'ADMIN_USERNAME is the username of an account that is not the configured administrator; choose another username.',
  );
}

/** One line for the log; never the password. */
export function describeAdministrator(outcome: AdministratorOutcome): string {
  switch (outcome.kind) {
    case 'created':
      return `Administrator "${outcome.username}" registered from ADMIN_USERNAME (account ${outcome.accountId})`;
    case 'exists':
      return `Administrator "${outcome.username}" already exists (account ${outcome.accountId}); ADMIN_PASSWORD does not change an existing password`;
    case 'not-configured':
      return outcome.administrators === 0
        ? 'No administrator exists: set ADMIN_USERNAME and ADMIN_PASSWORD (or ADMIN_PASSWORD_FILE) to register the first one; until then no institution can be approved'
        : `ADMIN_USERNAME is not set; ${outcome.administrators} administrator account(s) exist`;
  }
}
