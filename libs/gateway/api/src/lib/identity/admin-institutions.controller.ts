import { Actor, ApproveInstitutionDto, IDENTITY_PATTERNS, InstitutionPage, InstitutionView, ListInstitutionsDto, RejectInstitutionDto } from '@credit-bank/contracts';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { ServiceBus } from '../http/service-bus';
import { problemResponse, UNAUTHORIZED } from './identity-problems';

const FORBIDDEN = problemResponse(403, 'AUTH.FORBIDDEN (not an administrator; checked again by the identity service: IDENTITY.ADMINISTRATOR_REQUIRED)');
const NOT_FOUND = problemResponse(404, 'IDENTITY.INSTITUTION_NOT_FOUND: no institution account with this id');
const NOT_PENDING = problemResponse(409, 'IDENTITY.INSTITUTION_NOT_PENDING: already approved or rejected (`details.status`)');

/**
 * 机构审核 (管理中心): the administrator reviews registered institutions. An institution signs in
 * while pending or rejected (its /me shows the status and the reason), but only an approved one
 * reviews: the ledger refuses the others with 403 LEDGER.INSTITUTION_NOT_APPROVED.
 */
@ApiTags('administration')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('admin/institutions')
export class AdminInstitutionsController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({
    summary: '机构审核: institutions by status (待审核 pending-approval, 已通过 active, 未通过 rejected), oldest registration first',
    description:
      'Each shows the directory institution it is linked to (`institutionId`, null when not linked); one not linked yet shows `directoryMatch`: the directory ' +
      'institution with its credit code and any account already linked to it (two accounts claiming one institution).',
  })
  @ApiResponse({ status: 200, type: InstitutionPage })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT'))
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(FORBIDDEN)
  list(@Query() query: ListInstitutionsDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<InstitutionPage> {
    return this.bus.call('identity', IDENTITY_PATTERNS.listInstitutions, query, actor, correlationId);
  }

  @Post(':id/approval')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '机构审核 (通过): approve a pending institution, linking it to one qualification institution (资历机构) of the directory; it then reviews for that institution',
    description:
      'Body `{institutionId?}`: the directory institution to link to; without it, the one whose credit code is the account’s. ' +
      'An active account approved before institutions had ids is not linked and reviews nothing: approving it again links it.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, type: InstitutionView, description: 'Approved (status active) and linked (institutionId)' })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT (institutionId not a string)'))
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(FORBIDDEN)
  @ApiResponse(problemResponse(404, 'IDENTITY.INSTITUTION_NOT_FOUND: no institution account with this id; CATALOG.INSTITUTION_NOT_FOUND: the directory has no institution of the institutionId given (field error)'))
  @ApiResponse(
    problemResponse(
      409,
      'IDENTITY.INSTITUTION_NOT_PENDING (already approved and linked, or rejected: `details.status`); IDENTITY.INSTITUTION_NOT_IN_DIRECTORY (no institutionId given and no directory entry has the account’s credit code: list it, or give the id); ' +
        'IDENTITY.INSTITUTION_ALREADY_LINKED (another account is linked to that institution: `details.linkedAccountId`); IDENTITY.INSTITUTION_NAME_TAKEN (another pending or active account has this name)',
    ),
  )
  @ApiResponse(problemResponse(503, 'IDENTITY.DIRECTORY_UNAVAILABLE: the catalog could not be asked'))
  approve(
    @Param('id') id: string,
    @Body() body: ApproveInstitutionDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
  ): Promise<InstitutionView> {
    return this.bus.call('identity', IDENTITY_PATTERNS.approveInstitution, { id, ...(body?.institutionId !== undefined ? { institutionId: body.institutionId } : {}) }, actor, correlationId);
  }

  @Post(':id/rejection')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '机构审核 (驳回): reject a pending institution with a reason, which it sees in GET /me' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, type: InstitutionView, description: 'Rejected (status rejected, with the reason)' })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT (reason missing, blank or over 500 characters)'))
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(FORBIDDEN)
  @ApiResponse(NOT_FOUND)
  @ApiResponse(NOT_PENDING)
  reject(
    @Param('id') id: string,
    @Body() body: RejectInstitutionDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
  ): Promise<InstitutionView> {
    return this.bus.call('identity', IDENTITY_PATTERNS.rejectInstitution, { id, reason: body.reason }, actor, correlationId);
  }
}
