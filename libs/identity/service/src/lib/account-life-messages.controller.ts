import {
  BusEnvelope,
  ChangeMobileDto,
  CheckSessionDto,
  CloseSessionDto,
  EditProfileDto,
  EraseAccountDto,
  IDENTITY_PATTERNS,
  IdentityPersonalData,
  MeResponse,
  ResetPasswordDto,
  SessionCheckResponse,
} from '@credit-bank/contracts';
import { carryPending, CommandOutcomes, RpcErrorsFilter, validateDto } from '@credit-bank/platform';
import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ChangeMobileCommand } from './commands/change-mobile/change-mobile.command';
import { CloseSessionCommand } from './commands/close-session/close-session.command';
import { EditProfileCommand } from './commands/edit-profile/edit-profile.command';
import { EraseAccountCommand } from './commands/erase-account/erase-account.command';
import { ResetPasswordCommand } from './commands/reset-password/reset-password.command';
import { CheckSessionQuery } from './queries/check-session/check-session.query';
import { ExportPersonalDataQuery } from './queries/export-personal-data/export-personal-data.query';
import { GetMeQuery } from './queries/get-me/get-me.query';

/**
 * The account's life after registration on the bus: the session check behind every authenticated
 * request, sign-out (安全退出), password reset (忘记密码), mobile change, profile edit and erasure (注销).
 */
@Controller()
@UseFilters(RpcErrorsFilter)
export class AccountLifeMessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly outcomes: CommandOutcomes,
  ) {}

  @MessagePattern(IDENTITY_PATTERNS.checkSession)
  async checkSession(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<SessionCheckResponse> {
    return this.queries.execute(new CheckSessionQuery(await validateDto(CheckSessionDto, payload), meta));
  }

  @MessagePattern(IDENTITY_PATTERNS.closeSession)
  async closeSession(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<{ closed: true }> {
    return this.outcomes.once(meta, IDENTITY_PATTERNS.closeSession, payload, async () => {
      return carryPending(await this.commands.execute(new CloseSessionCommand(await validateDto(CloseSessionDto, payload), meta)), { closed: true as const });
    });
  }

  @MessagePattern(IDENTITY_PATTERNS.resetPassword)
  async resetPassword(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<{ reset: true }> {
    return this.outcomes.once(meta, IDENTITY_PATTERNS.resetPassword, payload, async () => {
      return carryPending(await this.commands.execute(new ResetPasswordCommand(await validateDto(ResetPasswordDto, payload), meta)), { reset: true as const });
    });
  }

  @MessagePattern(IDENTITY_PATTERNS.changeMobile)
  async changeMobile(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<{ changed: true }> {
    return this.outcomes.once(meta, IDENTITY_PATTERNS.changeMobile, payload, async () => {
      return carryPending(await this.commands.execute(new ChangeMobileCommand(await validateDto(ChangeMobileDto, payload), meta)), { changed: true as const });
    });
  }

  /** 注销: the learner erases their own account (password and an SMS code of purpose `erase-account`). */
  @MessagePattern(IDENTITY_PATTERNS.eraseAccount)
  async eraseAccount(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<{ erased: true }> {
    return this.outcomes.once(meta, IDENTITY_PATTERNS.eraseAccount, payload, async () => {
      return carryPending(await this.commands.execute(new EraseAccountCommand({ requestedBy: 'self', ...(await validateDto(EraseAccountDto, payload)) }, meta)), { erased: true as const });
    });
  }

  /** 个人信息副本: what identity holds about the caller (GET /me/export, with the ledger's part). */
  @MessagePattern(IDENTITY_PATTERNS.exportPersonalData)
  exportPersonalData(@Payload() { meta }: BusEnvelope<unknown>): Promise<IdentityPersonalData> {
    return this.queries.execute(new ExportPersonalDataQuery(meta));
  }

  /** Answers the profile as it is after the edit (the handler waited for the read model). */
  @MessagePattern(IDENTITY_PATTERNS.editProfile)
  async editProfile(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<MeResponse> {
    return this.outcomes.once(
      meta,
      IDENTITY_PATTERNS.editProfile,
      payload,
      async () => {
        const result = await this.commands.execute(new EditProfileCommand(await validateDto(EditProfileDto, payload), meta));
        return carryPending(result, await this.queries.execute(new GetMeQuery(meta)));
      },
      // The profile is personal data: a repeat reads it again.
      { keep: () => ({}), answer: () => this.queries.execute(new GetMeQuery(meta)) },
    );
  }
}
