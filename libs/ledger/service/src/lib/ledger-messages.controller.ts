import {
  ACCOUNT_REGISTERED_V1,
  AccountRegisteredV1,
  ACCOUNT_ERASED_V1,
  AccountErasedV1,
  LedgerPersonalData,
  AchievementIdDto,
  AchievementRevisionResponse,
  AchievementsPage,
  AchievementView,
  AchievementWithdrawnResponse,
  AmendAchievementMessageDto,
  BusEnvelope,
  EvidenceIdDto,
  EvidenceRegisteredResponse,
  EvidenceView,
  LEDGER_PATTERNS,
  LedgerHealth,
  ListAchievementsDto,
  RecognitionRequestedResponse,
  RegisterEvidenceDto,
  StoreAchievementDto,
  WithdrawAchievementMessageDto,
} from '@credit-bank/contracts';
import { CommandOutcomes, requireActor, RpcErrorsFilter, validateDto } from '@credit-bank/platform';
import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { AmendAchievementCommand } from './commands/amend-achievement/amend-achievement.command';
import { RegisterEvidenceCommand } from './commands/register-evidence/register-evidence.command';
import { RequestRecognitionCommand } from './commands/request-recognition/request-recognition.command';
import { StoreAchievementCommand } from './commands/store-achievement/store-achievement.command';
import { WithdrawAchievementCommand } from './commands/withdraw-achievement/withdraw-achievement.command';
import { InstitutionsDirectory } from './projections/institutions/institutions-directory';
import { LearnersDirectory } from './projections/learners/learners-directory';
import { LedgerProjectionsHost } from './projections/ledger-projections.host';
import { GetAchievementQuery } from './queries/get-achievement/get-achievement.query';
import { GetEvidenceQuery } from './queries/get-evidence/get-evidence.query';
import { ListAchievementsQuery } from './queries/list-achievements/list-achievements.query';
import { ExportPersonalDataQuery } from './queries/export-personal-data/export-personal-data.query';
import { ErasedLearnerEvidence } from './erasure/erased-learner-evidence';

/**
 * The ledger on the bus. Every request needs a learner (checked here, before the payload is
 * validated, and again in each handler); the payload is validated with its contract DTO, then
 * dispatched through the CommandBus / QueryBus.
 */
@Controller()
@UseFilters(RpcErrorsFilter)
export class LedgerMessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly outcomes: CommandOutcomes,
    private readonly projections: LedgerProjectionsHost,
    private readonly learners: LearnersDirectory,
    private readonly institutions: InstitutionsDirectory,
    private readonly erasedEvidence: ErasedLearnerEvidence,
  ) {}

  @MessagePattern(LEDGER_PATTERNS.registerEvidence)
  async registerEvidence(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<EvidenceRegisteredResponse> {
    requireActor(meta, 'learner');
    return this.commands.execute(new RegisterEvidenceCommand(await validateDto(RegisterEvidenceDto, payload), meta));
  }

  @MessagePattern(LEDGER_PATTERNS.getEvidence)
  async getEvidence(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<EvidenceView> {
    // The owner; a reviewer of the request's institution or 管理中心 (the handler checks which, and records the view).
    requireActor(meta, 'learner', 'institution', 'admin');
    return this.queries.execute(new GetEvidenceQuery(await validateDto(EvidenceIdDto, payload), meta));
  }

  @MessagePattern(LEDGER_PATTERNS.storeAchievement)
  async storeAchievement(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<AchievementRevisionResponse> {
    requireActor(meta, 'learner');
    return this.outcomes.once(meta, LEDGER_PATTERNS.storeAchievement, payload, async () => this.commands.execute(new StoreAchievementCommand(await validateDto(StoreAchievementDto, payload), meta)));
  }

  @MessagePattern(LEDGER_PATTERNS.amendAchievement)
  async amendAchievement(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<AchievementRevisionResponse> {
    requireActor(meta, 'learner');
    return this.outcomes.once(meta, LEDGER_PATTERNS.amendAchievement, payload, async () => this.commands.execute(new AmendAchievementCommand(await validateDto(AmendAchievementMessageDto, payload), meta)));
  }

  @MessagePattern(LEDGER_PATTERNS.withdrawAchievement)
  async withdrawAchievement(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<AchievementWithdrawnResponse> {
    requireActor(meta, 'learner');
    return this.outcomes.once(meta, LEDGER_PATTERNS.withdrawAchievement, payload, async () => this.commands.execute(new WithdrawAchievementCommand(await validateDto(WithdrawAchievementMessageDto, payload), meta)));
  }

  @MessagePattern(LEDGER_PATTERNS.requestRecognition)
  async requestRecognition(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<RecognitionRequestedResponse> {
    requireActor(meta, 'learner');
    return this.outcomes.once(meta, LEDGER_PATTERNS.requestRecognition, payload, async () => this.commands.execute(new RequestRecognitionCommand(await validateDto(AchievementIdDto, payload), meta)));
  }

  @MessagePattern(LEDGER_PATTERNS.listAchievements)
  async listAchievements(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<AchievementsPage> {
    requireActor(meta, 'learner');
    return this.queries.execute(new ListAchievementsQuery(await validateDto(ListAchievementsDto, payload), meta));
  }

  @MessagePattern(LEDGER_PATTERNS.getAchievement)
  async getAchievement(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<AchievementView> {
    requireActor(meta, 'learner');
    return this.queries.execute(new GetAchievementQuery(await validateDto(AchievementIdDto, payload), meta));
  }

  /** The learner's real name for the list (姓名), or an institution pending approval, from identity's integration event; idempotent. */
  @EventPattern(ACCOUNT_REGISTERED_V1)
  async accountRegistered(@Payload() event: AccountRegisteredV1): Promise<void> {
    await this.learners.accountRegistered(event);
    await this.institutions.accountRegistered(event);
  }

  /** A learner erased their account: the ledger forgets the person (ledger_learners) and deletes their uploaded files; idempotent. */
  @EventPattern(ACCOUNT_ERASED_V1)
  async accountErased(@Payload() event: AccountErasedV1): Promise<void> {
    await this.learners.accountErased(event);
    await this.erasedEvidence.deleteFilesOf(event?.data?.accountId);
    await this.learners.purgeReplaced();
  }

  /** 个人信息副本: what the ledger holds about the caller, any role (GET /me/export). */
  @MessagePattern(LEDGER_PATTERNS.exportPersonalData)
  exportPersonalData(@Payload() { meta }: BusEnvelope<unknown>): Promise<LedgerPersonalData> {
    return this.queries.execute(new ExportPersonalDataQuery(meta));
  }

  /** Down when a projection stopped on an error (the read models no longer follow the events). */
  @MessagePattern(LEDGER_PATTERNS.health)
  health(): LedgerHealth {
    const failed = [...this.projections.runner.failed.entries()].map(([name, error]) => ({
      projection: name,
      error: error instanceof Error ? error.message : String(error),
    }));
    return { status: failed.length ? 'down' : 'up', details: { projectionsPosition: this.projections.runner.position, ...(failed.length ? { failed } : {}) } };
  }
}
