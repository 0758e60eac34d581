import { AccountCreatedResponse, IDENTITY_PATTERNS, RegisterIndividualDto, RegisterInstitutionDto } from '@credit-bank/contracts';
import {
  accountDecider,
  AccountCommand,
  accountStreamId,
  checkIndividualRegistration,
  checkInstitutionRegistration,
  IdentityErrorCodes,
  smsCodeInvalid,
  usernameKey,
} from '@credit-bank/identity-domain';
import { CommandContext, DomainError, EVENT_STORE, EventStore, executeCommand, normalizeInstitutionName } from '@credit-bank/kernel';
import { commandScopedId, contextOf } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IdentityProjectionsHost } from '../../projections/identity-projections.host';
import { PasswordHasher } from '../../security/password-hasher';
import { SmsCodes } from '../../sms/sms-codes';
import { UniqueValue, UniqueValues } from '../../uniqueness/unique-values';
import { RegisterAccountCommand } from './register-account.command';

interface Plan {
  command: (passwordHash: string) => AccountCommand;
  unique: UniqueValue[];
  mobile: string;
  status: AccountCreatedResponse['status'];
}

/**
 * Registration: check the whole form (domain rules) → check the SMS code (not used up yet) →
 * refuse values already taken (read only, so a taken username does not cost the code; and only
 * after the code, so nobody learns whether an ID number is registered without a code sent to a
 * mobile of their own) → hash the password → reserve
 * username, mobile, email and ID number (or credit code) → use up the SMS code → append the
 * registration → wait for the read model, so the new account can sign in at once. Whatever fails
 * after the reservations releases them.
 */
@CommandHandler(RegisterAccountCommand)
export class RegisterAccountHandler implements ICommandHandler<RegisterAccountCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly hasher: PasswordHasher,
    private readonly codes: SmsCodes,
    private readonly uniqueValues: UniqueValues,
    private readonly projections: IdentityProjectionsHost,
  ) {}

  async execute({ payload, meta }: RegisterAccountCommand): Promise<AccountCreatedResponse> {
    const ctx = contextOf(meta);
    // The same for every delivery of one idempotency key (see commandScopedId).
    const accountId = commandScopedId(meta, IDENTITY_PATTERNS.registerAccount, 'account');
    const plan = payload.type === 'individual' ? this.individual(payload, accountId, ctx) : this.institution(payload, accountId, ctx);

    await this.verifyCode(plan.mobile, payload.smsCode, ctx);
    await this.uniqueValues.assertFree(plan.unique, accountId, ctx);
    const passwordHash = await this.hasher.hash(payload.password);
    await this.uniqueValues.claimAll(plan.unique, accountId, ctx);
    let position: number | undefined;
    try {
      await this.codes.consume(plan.mobile, 'register', payload.smsCode, ctx);
      ({ position } = await executeCommand(this.store, accountStreamId(accountId), accountDecider, plan.command(passwordHash), ctx));
    } catch (error) {
      await this.uniqueValues.releaseAll(plan.unique, accountId, ctx);
      throw error;
    }
    return this.projections.settle(position, { id: accountId, status: plan.status });
  }

  /**
   * The register code, answered without saying whether it was used: a used register code means a
   * registration went through with that mobile, so "used" would tell a stranger the number is
   * registered. Expired, dead and wrong codes keep their own codes (they say nothing of the kind).
   */
  private async verifyCode(mobile: string, code: string, ctx: CommandContext): Promise<void> {
    try {
      await this.codes.verify(mobile, 'register', code, ctx);
    } catch (error) {
      if (error instanceof DomainError && error.code === IdentityErrorCodes.SMS_CODE_USED) throw smsCodeInvalid();
      throw error;
    }
  }

  private individual(form: RegisterIndividualDto, accountId: string, ctx: CommandContext): Plan {
    const p = checkIndividualRegistration(form, ctx.now);
    return {
      mobile: p.mobile,
      status: 'active',
      unique: [
        { kind: 'username', value: usernameKey(p.username) },
        { kind: 'mobile', value: p.mobile },
        { kind: 'email', value: p.email },
        { kind: 'id-number', value: `${p.idType}:${p.idNumber}` },
      ],
      command: (passwordHash) => ({ type: 'RegisterIndividual', ...p, accountId, passwordHash, acceptTerms: form.acceptTerms, now: ctx.now }),
    };
  }

  private institution(form: RegisterInstitutionDto, accountId: string, ctx: CommandContext): Plan {
    const p = checkInstitutionRegistration(form);
    return {
      mobile: p.mobile,
      status: 'pending-approval',
      unique: [
        { kind: 'username', value: usernameKey(p.username) },
        { kind: 'mobile', value: p.mobile },
        { kind: 'email', value: p.email },
        { kind: 'credit-code', value: p.unifiedSocialCreditCode },
        // Names of pending and active institution accounts are unique (released on rejection).
        { kind: 'institution-name', value: normalizeInstitutionName(p.name) },
      ],
      command: (passwordHash) => ({ type: 'RegisterInstitution', ...p, accountId, passwordHash, acceptTerms: form.acceptTerms, now: ctx.now }),
    };
  }
}
