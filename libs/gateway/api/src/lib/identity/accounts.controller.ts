import {
  AccountCreatedResponse,
  Actor,
  IDENTITY_PATTERNS,
  RegisterIndividualDto,
  RegisterInstitutionDto,
  registrationDtoFor,
  UNKNOWN_ACCOUNT_TYPE_ERROR,
} from '@credit-bank/contracts';
import { validateDto } from '@credit-bank/platform';
import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { CorrelationId, CurrentActor, Public } from '../auth/auth.decorators';
import { problem } from '../http/problem';
import { ServiceBus } from '../http/service-bus';
import { AUTH_THROTTLE, problemResponse } from './identity-problems';

@ApiTags('identity')
@ApiExtraModels(RegisterIndividualDto, RegisterInstitutionDto)
@Controller('accounts')
export class AccountsController {
  constructor(private readonly bus: ServiceBus) {}

  /** The body is a union on `type`: the DTO is picked here, then validated like any other body. */
  @Post()
  @Public()
  @HttpCode(HttpStatus.CREATED)
  @Throttle(AUTH_THROTTLE)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: '立即注册: register an individual (learner) or an institution (pending approval)',
    description: 'Needs an SMS code sent to the same mobile with purpose `register`; the code is used up by a successful registration.',
  })
  @ApiBody({
    schema: {
      oneOf: [{ $ref: getSchemaPath(RegisterIndividualDto) }, { $ref: getSchemaPath(RegisterInstitutionDto) }],
      discriminator: {
        propertyName: 'type',
        mapping: { individual: getSchemaPath(RegisterIndividualDto), institution: getSchemaPath(RegisterInstitutionDto) },
      },
    },
  })
  @ApiResponse({ status: 201, type: AccountCreatedResponse, description: 'Registered; the account can sign in at once' })
  @ApiResponse(
    problemResponse(
      400,
      'VALIDATION.INVALID_INPUT (shape), IDENTITY.REGISTRATION_INVALID (check digits, birth date, password policy, confirmation, terms), IDENTITY.SMS_CODE_INVALID (a used code too) / _EXPIRED / _ATTEMPTS_EXCEEDED',
    ),
  )
  @ApiResponse(problemResponse(409, 'IDENTITY.USERNAME_TAKEN, MOBILE_TAKEN, EMAIL_TAKEN, ID_NUMBER_TAKEN, CREDIT_CODE_TAKEN or INSTITUTION_NAME_TAKEN: said only once the SMS code holds'))
  @ApiResponse(problemResponse(429, 'HTTP.TOO_MANY_REQUESTS: more than 30 a minute from one address'))
  async register(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<AccountCreatedResponse> {
    const dto = registrationDtoFor(body?.type);
    if (!dto) throw problem('VALIDATION.INVALID_INPUT', 'validation', 'The request has invalid fields.', [{ ...UNKNOWN_ACCOUNT_TYPE_ERROR }]);
    const payload = await validateDto<InstanceType<typeof dto>>(dto, body);
    return this.bus.call('identity', IDENTITY_PATTERNS.registerAccount, payload, actor, correlationId);
  }
}
