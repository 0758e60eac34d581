import { AccountErasureReceipt } from '@credit-bank/contracts';
import { AccountErased, accountDecider, AccountState, accountStreamId, EraseAccount, erasureOf, usernameKey } from '@credit-bank/identity-domain';
import { CommandContext, EVENT_STORE, EventStore, loadStream, READ_STORE, ReadStore, SUBJECT_KEY_STORE, SubjectKeyStore, toNewEvents } from '@credit-bank/kernel';
import { contextOf, pendingAnswer, requireActor } from '@credit-bank/platform';
import { Inject, Logger, Optional } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IdentityProjectionsHost } from '../../projections/identity-projections.host';
import { PasswordAttempts } from '../../security/password-attempts';
import { PasswordHasher } from '../../security/password-hasher';
import { SmsCodes } from '../../sms/sms-codes';
import { UniqueValue, UniqueValues } from '../../uniqueness/unique-values';
import { EraseAccountCommand } from './erase-account.command';

const receiptOf = (erasure: AccountErased['data']): AccountErasureReceipt => ({
  accountId: erasure.accountId,
  status: 'erased',
  requestedBy: erasure.requestedBy,
  erasedBy: erasure.erasedBy,
  reason: erasure.reason,
  erasedAt: erasure.erasedAt,
});

/** The unique values an account holds (as registration claimed them), released by its erasure. */
function claimsOf(state: AccountState): UniqueValue[] {
  if (state.status === 'unregistered') return [];
  const values: UniqueValue[] = [{ kind: 'username', value: usernameKey(state.username) }];
  if (state.mobile) values.push({ kind: 'mobile', value: state.mobile });
  if (state.email) values.push({ kind: 'email', value: state.email });
  if (state.idType && state.idNumber) values.push({ kind: 'id-number', value: `${state.idType}:${state.idNumber}` });
  return values;
}

/**
 * 注销 (PIPL art. 47). The decider's refusals first (pure: an institution or the administrator gets
 * 403 before anything is checked) → the learner's password (an attempt reserved like a sign-in's,
 * per account and client address, so a stolen token gives no more guesses than the sign-in page) → the
 * SMS code of purpose `erase-account` sent to the account's mobile, used up → AccountErased,
 * appended with the revision the checks were made on → the unique values released (the same
 * person may register again, as a new account) → the subject key destroyed (the history keeps only
 * ciphertext) → wait for the read models: the account is gone from sign-in and its tokens are
 * refused when this answers (and the read store purges what it replaced from its files). The ledger forgets the person on `identity.account-erased.v1`.
 *
 * The administrator's erasure records who, when and why in the event. Asked again for an account
 * already erased, it finishes what an interrupted erasure may have left (releases, key) and
 * answers the first erasure's receipt.
 */
@CommandHandler(EraseAccountCommand)
export class EraseAccountHandler implements ICommandHandler<EraseAccountCommand> {
  private readonly logger = new Logger(EraseAccountHandler.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly hasher: PasswordHasher,
    private readonly attempts: PasswordAttempts,
    private readonly codes: SmsCodes,
    private readonly uniqueValues: UniqueValues,
    private readonly projections: IdentityProjectionsHost,
    @Optional() @Inject(SUBJECT_KEY_STORE) private readonly keys?: SubjectKeyStore,
  ) {}

  async execute({ request, meta }: EraseAccountCommand): Promise<AccountErasureReceipt> {
    const actor = requireActor(meta);
    const ctx = contextOf(meta);
    const accountId = request.requestedBy === 'self' ? actor.accountId : request.id;
    const stream = accountStreamId(accountId);
    const loaded = await loadStream(this.store, stream, accountDecider);
    const { status } = erasureOf(loaded.state, request.requestedBy, actor.role);
    if (status === 'erased' && loaded.state.status === 'erased') {
      if ((await this.keys?.find(accountId)) !== null) await this.forget(loaded.state, accountId, ctx);
      return receiptOf(loaded.state.erasure);
    }
    const command: EraseAccount = { type: 'EraseAccount', accountId, requestedBy: request.requestedBy, erasedBy: actor.accountId, erasorRole: actor.role, now: ctx.now };
    if (request.requestedBy === 'self') {
      command.passwordMatches = await this.passwordMatches(loaded.state, request.password, meta.clientAddress, ctx);
      accountDecider.decide(command, loaded.state); // a wrong password is refused before the code is looked at
      const mobile = loaded.state.status === 'unregistered' ? '' : (loaded.state.mobile ?? '');
      await this.codes.verify(mobile, 'erase-account', request.smsCode, ctx);
      await this.codes.consume(mobile, 'erase-account', request.smsCode, ctx);
    } else {
      command.reason = request.reason;
    }
    const [erased] = accountDecider.decide(command, loaded.state) as AccountErased[];
    const { position } = await this.store.append(stream, toNewEvents([erased], ctx), { expectedRevision: loaded.revision });
    await this.forget(loaded.state, accountId, ctx);
    if (!(await this.projections.waitFor(position))) return pendingAnswer(receiptOf(erased.data));
    // The read models dropped the account: make its old documents unrecoverable from the store's files too.
    await this.readStore.purgeReplaced?.();
    return receiptOf(erased.data);
  }

  /** The password, throttled like sign-in (PasswordAttempts: reserved per address and account before argon2 runs). */
  private async passwordMatches(state: AccountState, password: string, clientAddress: string | undefined, ctx: CommandContext): Promise<boolean> {
    if (state.status === 'unregistered') return false;
    const reservation = await this.attempts.reserve([clientAddress ? { kind: 'address', value: clientAddress } : undefined, { kind: 'account', value: state.accountId }], ctx);
    const ok = await this.hasher.verify(state.passwordHash, password);
    if (ok) await reservation.succeeded();
    return ok;
  }

  /** Releases the account's unique values, then destroys its key: after this nothing can read the person back. */
  private async forget(state: AccountState, accountId: string, ctx: CommandContext): Promise<void> {
    await this.uniqueValues.releaseAll(claimsOf(state), accountId, ctx);
    if (this.keys) await this.keys.destroy(accountId);
    else this.logger.warn(`No subject key store is bound: account ${accountId} was erased without a key to destroy`);
  }
}
