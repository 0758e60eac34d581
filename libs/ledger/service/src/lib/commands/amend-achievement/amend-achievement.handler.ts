import { AchievementRevisionResponse } from '@credit-bank/contracts';
import {
  AchievementDetails,
  achievementDecider,
  achievementStreamId,
  AmendAchievement,
  certificateKeyOf,
  EditableAchievement,
  editableAchievement,
  LedgerErrorCodes,
} from '@credit-bank/ledger-domain';
import { DomainError, EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogLookup, SourceChoice } from '../../catalog/catalog-lookup';
import { CertificateClaims } from '../../certificates/certificate-claims';
import { EvidenceClaims } from '../../evidence/evidence-claims';
import { LedgerProjectionsHost } from '../../projections/ledger-projections.host';
import { optionalText } from '../optional-text';
import { AmendAchievementCommand } from './amend-achievement.command';

const FIELDS = [
  'category',
  'catalogItemId',
  'custom',
  'certificateNumber',
  'issueDate',
  'certificateLevel',
  'occupation',
  'educationLevel',
  'evidenceId',
  'description',
] as const;

/**
 * 修改 (also after a return for correction): refuses first what needs no other service (not found 404, submitted 409, stale If-Match
 * 412), then re-resolves the source against the catalogue if the category or the source changes,
 * claims new evidence, appends only what changed and releases the old evidence. A change that
 * changes nothing appends nothing and answers the current revision.
 */
@CommandHandler(AmendAchievementCommand)
export class AmendAchievementHandler implements ICommandHandler<AmendAchievementCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalog: CatalogLookup,
    private readonly claims: EvidenceClaims,
    private readonly certificates: CertificateClaims,
    private readonly projections: LedgerProjectionsHost,
  ) {}

  async execute({ payload, meta }: AmendAchievementCommand): Promise<AchievementRevisionResponse> {
    const actor = requireActor(meta, 'learner');
    const ctx = contextOf(meta);
    const { id, expectedRevision } = payload;
    if (FIELDS.every((f) => payload[f] === undefined)) {
      throw new DomainError(LedgerErrorCodes.AMENDMENT_EMPTY, 'validation', 'Name at least one field to change.', undefined, [
        { field: 'body', code: LedgerErrorCodes.AMENDMENT_EMPTY, message: `give at least one of ${FIELDS.join(', ')}` },
      ]);
    }
    const stream = achievementStreamId(id);
    const loaded = await loadStream(this.store, stream, achievementDecider);
    const current = editableAchievement(loaded.state, actor.accountId, expectedRevision);
    const changes = await this.changesOf(payload, current, meta);
    const command: AmendAchievement = { type: 'AmendAchievement', achievementId: id, ownerId: actor.accountId, expectedRevision, changes, now: ctx.now };
    // The domain rules first (pure): a refused or empty amendment claims no evidence.
    if (achievementDecider.decide(command, loaded.state).length === 0) return { id, revision: current.revision };

    const previousEvidence = current.details.evidenceId;
    const newEvidence = changes.evidenceId !== undefined && changes.evidenceId !== previousEvidence ? changes.evidenceId : undefined;
    // Another certificate number or issuer is another certificate: claimed like a new one.
    const amended = { ...current.details, ...changes };
    const newCertificate = certificateKeyOf(amended) !== certificateKeyOf(current.details);
    if (newEvidence) await this.claims.attach(newEvidence, actor.accountId, id, ctx);
    let result;
    try {
      if (newCertificate) await this.certificates.claim(amended, actor.accountId, id, ctx);
      try {
        result = await executeCommand(this.store, stream, achievementDecider, command, ctx);
      } catch (error) {
        if (newCertificate) await this.certificates.release(amended, id, ctx);
        throw error;
      }
    } catch (error) {
      if (newEvidence) await this.claims.detach(newEvidence, id, ctx);
      throw error;
    }
    let position = result.position;
    if (newEvidence && result.events.length) position = (await this.claims.detach(previousEvidence, id, ctx)) ?? position;
    if (newCertificate && result.events.length) position = (await this.certificates.release(current.details, id, ctx)) ?? position;
    return this.projections.settle(position, { id, revision: result.revision });
  }

  private async changesOf(payload: AmendAchievementCommand['payload'], current: EditableAchievement, meta: AmendAchievementCommand['meta']): Promise<Partial<AchievementDetails>> {
    const changes: Partial<AchievementDetails> = {};
    if (payload.certificateNumber !== undefined) changes.certificateNumber = payload.certificateNumber;
    if (payload.issueDate !== undefined) changes.issueDate = payload.issueDate;
    if (payload.evidenceId !== undefined) changes.evidenceId = payload.evidenceId;
    if (payload.certificateLevel !== undefined) changes.certificateLevel = optionalText(payload.certificateLevel);
    if (payload.occupation !== undefined) changes.occupation = optionalText(payload.occupation);
    if (payload.educationLevel !== undefined) changes.educationLevel = optionalText(payload.educationLevel);
    if (payload.description !== undefined) changes.description = optionalText(payload.description);
    if (payload.category !== undefined || payload.catalogItemId !== undefined || payload.custom !== undefined) {
      const details = current.details;
      let choice: SourceChoice;
      if (payload.custom) choice = { custom: payload.custom };
      else if (payload.catalogItemId) choice = { catalogItemId: payload.catalogItemId };
      else if (details.source === 'catalog' && details.catalogItemId) choice = { catalogItemId: details.catalogItemId };
      else choice = { custom: { name: details.custom?.name ?? '', institutionName: details.custom?.institutionName ?? '', type: details.custom?.type ?? '' } };
      Object.assign(changes, await this.catalog.resolve(payload.category ?? details.category, choice, meta));
    }
    return changes;
  }
}
