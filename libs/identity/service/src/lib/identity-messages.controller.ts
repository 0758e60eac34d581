import {
  AccountCreatedResponse,
  BusEnvelope,
  ChangePasswordDto,
  IDENTITY_PATTERNS,
  IdentityHealth,
  MeResponse,
  OpenSessionDto,
  registrationDtoFor,
  RequestSmsCodeDto,
  SessionResponse,
  SmsCodeRequestedResponse,
  UNKNOWN_ACCOUNT_TYPE_ERROR,
} from '@credit-bank/contracts';
import { carryPending, CommandOutcomes, RpcErrorsFilter, validateDto, validationFailed } from '@credit-bank/platform';
import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ChangePasswordCommand } from './commands/change-password/change-password.command';
import { OpenSessionCommand } from './commands/open-session/open-session.command';
import { RegisterAccountCommand } from './commands/register-account/register-account.command';
import { RequestSmsCodeCommand } from './commands/request-sms-code/request-sms-code.command';
import { IdentityProjectionsHost } from './projections/identity-projections.host';
import { GetMeQuery } from './queries/get-me/get-me.query';

/** The identity service on the bus: validates each payload with its contract DTO, then dispatches. */
@Controller()
@UseFilters(RpcErrorsFilter)
export class IdentityMessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly outcomes: CommandOutcomes,
    private readonly projections: IdentityProjectionsHost,
  ) {}

  @MessagePattern(IDENTITY_PATTERNS.requestSmsCode)
  async requestSmsCode(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<SmsCodeRequestedResponse> {
    return this.outcomes.once(meta, IDENTITY_PATTERNS.requestSmsCode, payload, async () => {
      return this.commands.execute(new RequestSmsCodeCommand(await validateDto(RequestSmsCodeDto, payload), meta));
    });
  }

  @MessagePattern(IDENTITY_PATTERNS.registerAccount)
  async registerAccount(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<AccountCreatedResponse> {
    return this.outcomes.once(meta, IDENTITY_PATTERNS.registerAccount, payload, async () => {
      const dto = registrationDtoFor((payload as { type?: unknown } | null)?.type);
      if (!dto) throw validationFailed([{ ...UNKNOWN_ACCOUNT_TYPE_ERROR }]);
      return this.commands.execute(new RegisterAccountCommand(await validateDto<InstanceType<typeof dto>>(dto, payload), meta));
    });
  }

  @MessagePattern(IDENTITY_PATTERNS.openSession)
  async openSession(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<SessionResponse> {
    return this.commands.execute(new OpenSessionCommand(await validateDto(OpenSessionDto, payload), meta));
  }

  @MessagePattern(IDENTITY_PATTERNS.getMe)
  async getMe(@Payload() { meta }: BusEnvelope<unknown>): Promise<MeResponse> {
    return this.queries.execute(new GetMeQuery(meta));
  }

  @MessagePattern(IDENTITY_PATTERNS.changePassword)
  async changePassword(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<{ changed: true }> {
    return this.outcomes.once(meta, IDENTITY_PATTERNS.changePassword, payload, async () => {
      return carryPending(await this.commands.execute(new ChangePasswordCommand(await validateDto(ChangePasswordDto, payload), meta)), { changed: true as const });
    });
  }

  /** Down when a projection stopped on an error (the read model no longer follows the events). */
  @MessagePattern(IDENTITY_PATTERNS.health)
  health(): IdentityHealth {
    const failed = [...this.projections.runner.failed.keys()];
    return { status: failed.length ? 'down' : 'up', details: { projectionsPosition: this.projections.runner.position, failedProjections: failed } };
  }
}
