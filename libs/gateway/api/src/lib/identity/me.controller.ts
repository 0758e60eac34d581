import {
  Actor,
  ChangeMobileDto,
  ChangePasswordDto,
  EditProfileDto,
  EraseAccountDto,
  IDENTITY_PATTERNS,
  IdentityPersonalData,
  LEDGER_PATTERNS,
  LedgerPersonalData,
  MeResponse,
  PERSONAL_DATA_EXPORT_FORMAT,
  PersonalDataExport,
} from '@credit-bank/contracts';
import { Body, Controller, Delete, Get, Header, HttpCode, HttpStatus, Patch, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { ClientAddress, CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { ServiceBus } from '../http/service-bus';
import { AUTH_THROTTLE, problemResponse, UNAUTHORIZED } from './identity-problems';

const NOT_EDITABLE = problemResponse(403, 'IDENTITY.PROFILE_NOT_EDITABLE: the administrator`s account has no contact data');

@ApiTags('identity')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in account (ID number masked, never a password hash)' })
  @ApiResponse({ status: 200, type: MeResponse })
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(problemResponse(404, 'IDENTITY.ACCOUNT_NOT_FOUND'))
  me(@CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<MeResponse> {
    return this.bus.call('identity', IDENTITY_PATTERNS.getMe, {}, actor, correlationId);
  }

  @Get('export')
  @Header('Content-Disposition', 'attachment; filename="credit-bank-personal-data.json"')
  @ApiOperation({
    summary: '个人信息副本: everything the bank holds about the signed-in account, machine-readable (PIPL art. 45)',
    description:
      `\`format\` is \`${PERSONAL_DATA_EXPORT_FORMAT}\`. identity: the account and profile (the full ID number), every event of the account (changes of mobile, email, ` +
      'address and password, sign-outs, decisions on an institution; password hashes left out) and its sessions; ledger: achievements with their recognition ' +
      'history, evidence metadata (download the files with GET /evidence/{id}), the learning account, conversion applications and the account`s messages. ' +
      'A sign-in leaves no record of its own (password attempts are only counted, hourly, for throttling, and are not listed).',
  })
  @ApiResponse({ status: 200, type: PersonalDataExport })
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(problemResponse(404, 'IDENTITY.ACCOUNT_NOT_FOUND'))
  async export(@CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<PersonalDataExport> {
    const [identity, ledger] = await Promise.all([
      this.bus.call<IdentityPersonalData>('identity', IDENTITY_PATTERNS.exportPersonalData, {}, actor, correlationId),
      this.bus.call<LedgerPersonalData>('ledger', LEDGER_PATTERNS.exportPersonalData, {}, actor, correlationId),
    ]);
    return { format: PERSONAL_DATA_EXPORT_FORMAT, generatedAt: new Date().toISOString(), accountId: actor?.accountId ?? '', role: actor?.role ?? '', identity, ledger };
  }

  @Patch()
  @ApiOperation({
    summary: 'Edit the profile: email (individuals and institutions) and contact address (individuals)',
    description: 'Absent fields stay as they are; the address is replaced as a whole. Answers the profile after the change.',
  })
  @ApiResponse({ status: 200, type: MeResponse, description: 'The profile as it is now' })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT (shape), IDENTITY.PROFILE_INVALID (`errors`: email format, address parts, an address for an institution)'))
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(NOT_EDITABLE)
  @ApiResponse(problemResponse(409, 'IDENTITY.EMAIL_TAKEN: another account has this email; EVENT_STORE.WRONG_EXPECTED_REVISION: the account changed meanwhile, try again'))
  edit(@Body() body: EditProfileDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<MeResponse> {
    return this.bus.call('identity', IDENTITY_PATTERNS.editProfile, body, actor, correlationId);
  }

  @Put('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '修改密码: change the password; the old one stops working, and so does every token issued before (this one too)' })
  @ApiResponse({ status: 204, description: 'Changed' })
  @ApiResponse(
    problemResponse(400, 'VALIDATION.INVALID_INPUT, IDENTITY.PASSWORD_INVALID (policy, confirmation), IDENTITY.CURRENT_PASSWORD_INCORRECT, IDENTITY.PASSWORD_UNCHANGED'),
  )
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(problemResponse(429, 'IDENTITY.TOO_MANY_ATTEMPTS: wrong current passwords, counted like sign-ins (per account and address; `details.retryAfterSeconds`, Retry-After)'))
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @ClientAddress() clientAddress: string,
  ): Promise<void> {
    await this.bus.call('identity', IDENTITY_PATTERNS.changePassword, body, actor, correlationId, clientAddress);
  }

  @Put('mobile')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: '更换手机号: change the mobile number with codes sent to the current and to the new number',
    description: 'Ask for both codes with POST /sms-codes `{mobile, purpose: "change-mobile"}`, one for each number. Sign-in then works with the new number, not the old one, which becomes free.',
  })
  @ApiResponse({ status: 204, description: 'Changed' })
  @ApiResponse(
    problemResponse(
      400,
      'VALIDATION.INVALID_INPUT (shape), IDENTITY.MOBILE_INVALID, IDENTITY.MOBILE_UNCHANGED, IDENTITY.SMS_CODE_INVALID / _EXPIRED / _USED / _ATTEMPTS_EXCEEDED (for either code)',
    ),
  )
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(NOT_EDITABLE)
  @ApiResponse(problemResponse(409, 'IDENTITY.MOBILE_TAKEN: another account has this number (checked before the codes are used); EVENT_STORE.WRONG_EXPECTED_REVISION'))
  async changeMobile(@Body() body: ChangeMobileDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<void> {
    await this.bus.call('identity', IDENTITY_PATTERNS.changeMobile, body, actor, correlationId);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @Throttle(AUTH_THROTTLE)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: '注销账户: a learner erases their account, with the password and an SMS code',
    description:
      'Ask for the code with POST /sms-codes `{mobile, purpose: "erase-account"}` (the account`s mobile). The account`s data key is destroyed (its history keeps only ' +
      'ciphertext), sign-in finds no account and every token of it is refused (401 AUTH.TOKEN_REVOKED, `details.reason` `account-erased`); the username, mobile, ' +
      'email and ID number are free again (the same person may register anew, as a new account). Achievements and what institutions decided about them stay, ' +
      'the learner shown as erased (已注销). Wrong passwords count like failed sign-ins. Get a copy first with GET /me/export.',
  })
  @ApiResponse({ status: 204, description: 'Erased' })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT (shape), IDENTITY.CURRENT_PASSWORD_INCORRECT, IDENTITY.SMS_CODE_INVALID / _EXPIRED / _USED / _ATTEMPTS_EXCEEDED'))
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(problemResponse(403, 'IDENTITY.ERASURE_NOT_APPLICABLE: an institution account or the administrator'))
  @ApiResponse(problemResponse(409, 'EVENT_STORE.WRONG_EXPECTED_REVISION: the account changed meanwhile, try again'))
  @ApiResponse(problemResponse(429, 'IDENTITY.TOO_MANY_ATTEMPTS (wrong passwords), HTTP.TOO_MANY_REQUESTS: more than 30 a minute from one address'))
  async erase(@Body() body: EraseAccountDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string, @ClientAddress() clientAddress: string): Promise<void> {
    await this.bus.call('identity', IDENTITY_PATTERNS.eraseAccount, body, actor, correlationId, clientAddress);
  }
}
