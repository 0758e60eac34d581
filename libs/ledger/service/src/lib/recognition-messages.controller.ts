import {
  AchievementIdDto,
  BusEnvelope,
  INSTITUTION_DECIDED_V1,
  InstitutionStatisticsDto,
  InstitutionStatisticsView,
  InstitutionDecidedV1,
  ListReviewsDto,
  ListRoutingQueueDto,
  RECOGNITION_PATTERNS,
  ROUTING_PATTERNS,
  STATISTICS_PATTERNS,
  RouteRecognitionMessageDto,
  RecogniseAchievementMessageDto,
  ReviewDecisionResponse,
  ReviewReasonMessageDto,
  ReviewsPage,
  ReviewView,
} from '@credit-bank/contracts';
import { CommandOutcomes, requireActor, RpcErrorsFilter, validateDto } from '@credit-bank/platform';
import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { ClaimRecognitionCommand } from './commands/claim-recognition/claim-recognition.command';
import { RecogniseAchievementCommand } from './commands/recognise-achievement/recognise-achievement.command';
import { RejectRecognitionCommand } from './commands/reject-recognition/reject-recognition.command';
import { ReturnAchievementCommand } from './commands/return-achievement/return-achievement.command';
import { DeclineRoutingHandler } from './commands/decline-routing/decline-routing.handler';
import { RevokeRecognitionHandler } from './commands/revoke-recognition/revoke-recognition.handler';
import { RouteRecognitionHandler } from './commands/route-recognition/route-recognition.handler';
import { GetInstitutionStatisticsHandler } from './queries/get-institution-statistics/get-institution-statistics.handler';
import { ListRoutingQueueHandler } from './queries/list-routing-queue/list-routing-queue.handler';
import { InstitutionsDirectory } from './projections/institutions/institutions-directory';
import { InstitutionDecisionNotices } from './projections/institutions/institution-decision-notices';
import { GetReviewQuery } from './queries/get-review/get-review.query';
import { ListReviewsQuery } from './queries/list-reviews/list-reviews.query';

/**
 * 认定 on the bus: the review queue and the reviewers' steps. Every request needs an institution
 * account (checked here before the payload is validated; the handlers check in the ledger's own
 * ledger_institutions that the administrator approved it).
 */
@Controller()
@UseFilters(RpcErrorsFilter)
export class RecognitionMessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly outcomes: CommandOutcomes,
    private readonly institutions: InstitutionsDirectory,
    private readonly revokeRecognition: RevokeRecognitionHandler,
    private readonly routingQueue: ListRoutingQueueHandler,
    private readonly routeRecognition: RouteRecognitionHandler,
    private readonly declineRouting: DeclineRoutingHandler,
    private readonly decisionNotices: InstitutionDecisionNotices,
    private readonly statistics: GetInstitutionStatisticsHandler,
  ) {}

  /** 机构统计: an institution its own figures, the administrator any institution account's. */
  @MessagePattern(STATISTICS_PATTERNS.getInstitutionStatistics)
  async institutionStatistics(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<InstitutionStatisticsView> {
    requireActor(meta, 'institution', 'admin');
    return this.statistics.execute(await validateDto(InstitutionStatisticsDto, payload), meta);
  }

  @MessagePattern(RECOGNITION_PATTERNS.listReviews)
  async listReviews(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewsPage> {
    requireActor(meta, 'institution');
    return this.queries.execute(new ListReviewsQuery(await validateDto(ListReviewsDto, payload), meta));
  }

  @MessagePattern(RECOGNITION_PATTERNS.getReview)
  async getReview(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewView> {
    requireActor(meta, 'institution');
    return this.queries.execute(new GetReviewQuery(await validateDto(AchievementIdDto, payload), meta));
  }

  @MessagePattern(RECOGNITION_PATTERNS.claimRecognition)
  async claim(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewDecisionResponse> {
    requireActor(meta, 'institution');
    return this.outcomes.once(meta, RECOGNITION_PATTERNS.claimRecognition, payload, async () => this.commands.execute(new ClaimRecognitionCommand(await validateDto(AchievementIdDto, payload), meta)));
  }

  @MessagePattern(RECOGNITION_PATTERNS.recogniseAchievement)
  async recognise(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewDecisionResponse> {
    requireActor(meta, 'institution');
    return this.outcomes.once(meta, RECOGNITION_PATTERNS.recogniseAchievement, payload, async () => this.commands.execute(new RecogniseAchievementCommand(await validateDto(RecogniseAchievementMessageDto, payload), meta)));
  }

  @MessagePattern(RECOGNITION_PATTERNS.rejectRecognition)
  async reject(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewDecisionResponse> {
    requireActor(meta, 'institution');
    return this.outcomes.once(meta, RECOGNITION_PATTERNS.rejectRecognition, payload, async () => this.commands.execute(new RejectRecognitionCommand(await validateDto(ReviewReasonMessageDto, payload), meta)));
  }

  @MessagePattern(RECOGNITION_PATTERNS.returnAchievement)
  async returnForCorrection(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewDecisionResponse> {
    requireActor(meta, 'institution');
    return this.outcomes.once(meta, RECOGNITION_PATTERNS.returnAchievement, payload, async () => this.commands.execute(new ReturnAchievementCommand(await validateDto(ReviewReasonMessageDto, payload), meta)));
  }

  /** 撤销认定: the recognising institution or 管理中心. */
  @MessagePattern(RECOGNITION_PATTERNS.revokeRecognition)
  async revoke(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewDecisionResponse> {
    requireActor(meta, 'institution', 'admin');
    return this.outcomes.once(meta, RECOGNITION_PATTERNS.revokeRecognition, payload, async () => this.revokeRecognition.execute(await validateDto(ReviewReasonMessageDto, payload), meta));
  }

  /** 管理中心's routing queue. */
  @MessagePattern(ROUTING_PATTERNS.listRoutingQueue)
  async listRoutingQueue(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewsPage> {
    requireActor(meta, 'admin');
    return this.routingQueue.execute(await validateDto(ListRoutingQueueDto, payload), meta);
  }

  @MessagePattern(ROUTING_PATTERNS.routeRecognition)
  async route(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewDecisionResponse> {
    requireActor(meta, 'admin');
    return this.outcomes.once(meta, ROUTING_PATTERNS.routeRecognition, payload, async () => this.routeRecognition.execute(await validateDto(RouteRecognitionMessageDto, payload), meta));
  }

  @MessagePattern(ROUTING_PATTERNS.declineRouting)
  async decline(@Payload() { meta, payload }: BusEnvelope<unknown>): Promise<ReviewDecisionResponse> {
    requireActor(meta, 'admin');
    return this.outcomes.once(meta, ROUTING_PATTERNS.declineRouting, payload, async () => this.declineRouting.execute(await validateDto(ReviewReasonMessageDto, payload), meta));
  }

  /**
   * Which institution accounts may review, from identity's integration event; idempotent. A
   * decision that changed the directory is also noted in the account's inbox stream (once per
   * identity event), so the institution hears of its approval or rejection.
   */
  @EventPattern(INSTITUTION_DECIDED_V1)
  async institutionDecided(@Payload() event: InstitutionDecidedV1): Promise<void> {
    if (await this.institutions.institutionDecided(event)) await this.decisionNotices.note(event);
  }
}
