import { MessageMeta, ReviewDecisionResponse, ReviewReasonMessageDto } from '@credit-bank/contracts';
import { contextOf } from '@credit-bank/platform';
import { Injectable } from '@nestjs/common';
import { ReviewSteps } from '../review-step';

/**
 * 撤销认定: the institution that recognised the achievement (linked to that directory institution)
 * or 管理中心 withdraws the recognition, with a reason. From then on its credits leave the learning
 * account (a statement as of before still shows them); an approved conversion that spent them is
 * flagged, never changed; the learner is told in the inbox (both in the projections).
 */
@Injectable()
export class RevokeRecognitionHandler {
  constructor(private readonly steps: ReviewSteps) {}

  async execute(payload: ReviewReasonMessageDto, meta: MessageMeta): Promise<ReviewDecisionResponse> {
    const revoker = await this.steps.official(meta);
    return this.steps.append(meta, payload.id, { type: 'RevokeRecognition', achievementId: payload.id, revoker, reason: payload.reason, now: contextOf(meta).now });
  }
}
