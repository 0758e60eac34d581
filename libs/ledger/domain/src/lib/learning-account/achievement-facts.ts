import { AchievementDetails, achievementSummary, certificateKeyOf } from '../achievement/achievement-details';
import { ConversionKind } from './learning-account.events';

/**
 * What a conversion needs to know of one achievement, read from its own stream
 * (`ledger.achievement-<id>`): owner, whether it is recognised (认定通过) and what the reviewer fixed.
 * Built from the stored events by type name, so the learning account does not depend on the
 * achievement aggregate's internal state.
 */
export interface AchievementFacts {
  achievementId: string;
  ownerId: string;
  /** 认定通过 (and not withdrawn, not revoked). */
  recognised: boolean;
  withdrawn: boolean;
  /** 撤销认定: recognised once, then revoked; its credits no longer count. */
  revoked: boolean;
  revokedAt: string | null;
  /** Issuer and normalised certificate number (`certificateKeyOf`): one certificate counts once. */
  certificateKey: string;
  /** 成果名称 and the certificate's institution, from the learner's details. */
  achievementName: string;
  issuingInstitution: string;
  catalogItemId: string | null;
  /** As recognised when recognised, else as stored. */
  category: string;
  type: string;
  frameworkLevel: number | null;
  credits: number;
  /** 认定机构 and time, when recognised. */
  recognisedBy: string | null;
  recognisedAt: string | null;
  /** The learner's details as last amended. */
  details: AchievementDetails;
}

type StoredLike = { type: string; data: unknown };

/** One step: the facts after `event` (events of other types change nothing). */
export function evolveAchievementFacts(facts: AchievementFacts | undefined, event: StoredLike): AchievementFacts | undefined {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'AchievementStored': {
      const { achievementId, ownerId, storedAt: _storedAt, ...details } = event.data as { achievementId: string; ownerId: string; storedAt: string } & AchievementDetails;
      return {
        achievementId,
        ownerId,
        recognised: false,
        withdrawn: false,
        revoked: false,
        revokedAt: null,
        recognisedBy: null,
        recognisedAt: null,
        credits: 0,
        ...fromDetails(details as AchievementDetails),
        details: details as AchievementDetails,
      };
    }
    case 'AchievementAmended': {
      if (!facts) return facts;
      const details = { ...facts.details, ...(data.changes as Partial<AchievementDetails>) };
      const derived = fromDetails(details);
      // After recognition the reviewer's category, type and level stand.
      return facts.recognised
        ? { ...facts, details, achievementName: derived.achievementName, issuingInstitution: derived.issuingInstitution, certificateKey: derived.certificateKey }
        : { ...facts, details, ...derived };
    }
    case 'AchievementRecognised':
      if (!facts) return facts;
      return {
        ...facts,
        recognised: true,
        category: String(data.category),
        type: String(data.type),
        frameworkLevel: Number(data.frameworkLevel),
        credits: Number(data.credits),
        recognisedBy: String(data.institutionName),
        recognisedAt: String(data.recognisedAt),
      };
    case 'AchievementWithdrawn':
      return facts ? { ...facts, withdrawn: true, recognised: false } : facts;
    case 'RecognitionRevoked':
      return facts ? { ...facts, recognised: false, revoked: true, revokedAt: String(data.revokedAt) } : facts;
    default:
      return facts;
  }
}

function fromDetails(details: AchievementDetails) {
  const summary = achievementSummary(details);
  return {
    achievementName: summary.achievementName,
    issuingInstitution: summary.institutionName,
    catalogItemId: details.catalogItemId ?? null,
    category: details.category,
    type: summary.type,
    frameworkLevel: details.catalogItem?.frameworkLevel ?? null,
    certificateKey: certificateKeyOf(details),
  };
}

/** The facts of an achievement from its events, or undefined when it was never stored. */
export function achievementFactsOf(events: Iterable<StoredLike>): AchievementFacts | undefined {
  let facts: AchievementFacts | undefined;
  for (const event of events) facts = evolveAchievementFacts(facts, event);
  return facts;
}

/** Work performance (工作业绩, a type of 培训成果及业绩类成果) converts only under work-performance rules. */
export const WORK_PERFORMANCE_TYPE = 'work-performance';

export function conversionKindOf(facts: Pick<AchievementFacts, 'type'>): ConversionKind {
  return facts.type === WORK_PERFORMANCE_TYPE ? 'work-performance' : 'achievement';
}
