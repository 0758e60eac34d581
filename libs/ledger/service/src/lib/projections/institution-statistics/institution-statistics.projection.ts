import { ACHIEVEMENT_STREAM_PREFIX, AchievementEvent } from '@credit-bank/ledger-domain';
import { Projection, ReadStore, RecordedEvent } from '@credit-bank/kernel';
import { BatchDocuments } from '../batch-documents';

/** One document per directory institution (id = its directory id): what it was asked and what it decided. */
export const INSTITUTION_STATISTICS_COLLECTION = 'ledger_institution_statistics';
/** Internal to the projection: where each achievement waits and what its standing recognition counted. */
export const INSTITUTION_STATISTICS_ACHIEVEMENTS_COLLECTION = 'ledger_institution_statistics_achievements';

/**
 * An institution's figures. Counts only — no achievement, learner id or name —, so a learner's
 * erasure changes nothing here and what the institution decided keeps counting.
 */
export interface InstitutionStatisticsDocument {
  institutionId: string;
  /** Requests that reached its queue: a submission, an assignment by 管理中心, a resubmission after a return (each counts). */
  submitted: number;
  /** Requests waiting for its decision now (submitted or claimed). */
  pending: number;
  /** Its recognitions still standing (a revocation moves one to `revoked`). */
  recognised: number;
  rejected: number;
  returned: number;
  /** Its recognitions revoked since (by it or by 管理中心). */
  revoked: number;
  /** Credits of its standing recognitions (one decimal). */
  creditsAwarded: number;
  /** Standing recognitions by category code (成果分类). */
  recognisedByCategory: Record<string, number>;
  /** Standing recognitions by framework level ("1".."7"). */
  recognisedByFrameworkLevel: Record<string, number>;
  /** The time of its last recognition, rejection or return (ISO-8601); null before any. */
  lastDecisionAt: string | null;
}

/** What the projection remembers of an achievement: the institution it waits at, and its standing recognition. */
export interface StatisticsAchievementFacts {
  pendingAt: string | null;
  recognition: { institutionId: string; category: string; frameworkLevel: number; credits: number } | null;
}

const HANDLED = new Set(['RecognitionRequested', 'RecognitionRouted', 'RecognitionRoutingDeclined', 'AchievementRecognised', 'RecognitionRejected', 'AchievementReturned', 'RecognitionRevoked']);

export const emptyInstitutionStatistics = (institutionId: string): InstitutionStatisticsDocument => ({
  institutionId,
  submitted: 0,
  pending: 0,
  recognised: 0,
  rejected: 0,
  returned: 0,
  revoked: 0,
  creditsAwarded: 0,
  recognisedByCategory: {},
  recognisedByFrameworkLevel: {},
  lastDecisionAt: null,
});

const NO_FACTS: StatisticsAchievementFacts = { pendingAt: null, recognition: null };
const tenths = (value: number) => Math.round(value * 10) / 10;
const bump = (counts: Record<string, number>, key: string, by: number): Record<string, number> => {
  const next = { ...counts, [key]: (counts[key] ?? 0) + by };
  if (next[key] <= 0) delete next[key];
  return next;
};

/** A change to one institution's document, computed from the event and the achievement's facts before it. */
type Change = { institutionId: string; change: (doc: InstitutionStatisticsDocument) => InstitutionStatisticsDocument };

/** The achievement's facts after the event, and what the event changes in institutions' figures. */
function evolve(before: StatisticsAchievementFacts, event: AchievementEvent): { after: StatisticsAchievementFacts; changes: Change[] } {
  // Leaving a queue (a decision, a return by 管理中心, an assignment elsewhere) ends the wait there.
  const leave = (): Change[] => (before.pendingAt ? [{ institutionId: before.pendingAt, change: (d) => ({ ...d, pending: Math.max(0, d.pending - 1) }) }] : []);
  const arrive = (institutionId: string): Change => ({ institutionId, change: (d) => ({ ...d, submitted: d.submitted + 1, pending: d.pending + 1 }) });
  const decided = (institutionId: string, at: string, extra: (d: InstitutionStatisticsDocument) => Partial<InstitutionStatisticsDocument>): Change => ({
    institutionId,
    change: (d) => ({ ...d, ...extra(d), lastDecisionAt: d.lastDecisionAt && d.lastDecisionAt > at ? d.lastDecisionAt : at }),
  });
  switch (event.type) {
    case 'RecognitionRequested': {
      const to = event.data.routing === 'institution' ? event.data.responsibleInstitutionId : null;
      return { after: { ...before, pendingAt: to }, changes: [...leave(), ...(to ? [arrive(to)] : [])] };
    }
    case 'RecognitionRouted':
      return { after: { ...before, pendingAt: event.data.institutionId }, changes: [...leave(), arrive(event.data.institutionId)] };
    case 'RecognitionRoutingDeclined':
      return { after: { ...before, pendingAt: null }, changes: leave() };
    case 'AchievementRecognised': {
      const { institutionId, category, frameworkLevel, credits, recognisedAt } = event.data;
      return {
        after: { pendingAt: null, recognition: { institutionId, category, frameworkLevel, credits } },
        changes: [
          ...leave(),
          decided(institutionId, recognisedAt, (d) => ({
            recognised: d.recognised + 1,
            creditsAwarded: tenths(d.creditsAwarded + credits),
            recognisedByCategory: bump(d.recognisedByCategory, category, 1),
            recognisedByFrameworkLevel: bump(d.recognisedByFrameworkLevel, String(frameworkLevel), 1),
          })),
        ],
      };
    }
    case 'RecognitionRejected':
      return { after: { ...before, pendingAt: null }, changes: [...leave(), decided(event.data.institutionId, event.data.rejectedAt, (d) => ({ rejected: d.rejected + 1 }))] };
    case 'AchievementReturned':
      return { after: { ...before, pendingAt: null }, changes: [...leave(), decided(event.data.institutionId, event.data.returnedAt, (d) => ({ returned: d.returned + 1 }))] };
    case 'RecognitionRevoked': {
      const standing = before.recognition;
      if (!standing) return { after: before, changes: [] };
      return {
        after: { ...before, recognition: null },
        changes: [
          {
            institutionId: standing.institutionId,
            change: (d) => ({
              ...d,
              recognised: Math.max(0, d.recognised - 1),
              revoked: d.revoked + 1,
              creditsAwarded: Math.max(0, tenths(d.creditsAwarded - standing.credits)),
              recognisedByCategory: bump(d.recognisedByCategory, standing.category, -1),
              recognisedByFrameworkLevel: bump(d.recognisedByFrameworkLevel, String(standing.frameworkLevel), -1),
            }),
          },
        ],
      };
    }
    default:
      return { after: before, changes: [] };
  }
}

/**
 * ledger_institution_statistics: per directory institution, the requests it received and what it
 * decided — keyed by the institution's directory id (what the events name; never its name), read
 * by `_id`, so a request does the same work however large the bank is.
 *
 * Idempotent like the other ledger projections: each institution document and each achievement's
 * facts keep the position of the last event applied, and an event at or below it is skipped, so a
 * replay, a duplicate delivery or an overlapping batch changes no counter. The institution
 * documents are written before the facts: after a failure between the two writes the facts are
 * behind (never ahead), and the retried batch recomputes them while the institutions' guard skips
 * what they already counted.
 */
export class InstitutionStatisticsProjection implements Projection {
  /** Read by id only: no index. */
  readonly name = 'ledger.institution-statistics.v1';

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const facts = new BatchDocuments<StatisticsAchievementFacts>(store.collection(INSTITUTION_STATISTICS_ACHIEVEMENTS_COLLECTION));
    const institutions = new BatchDocuments<InstitutionStatisticsDocument>(store.collection(INSTITUTION_STATISTICS_COLLECTION));

    // The facts and the institutions the events name, in one round each (an institution known
    // only from the stored facts is looked up when first met).
    const handled = events.filter((recorded) => recorded.streamId.startsWith(ACHIEVEMENT_STREAM_PREFIX) && HANDLED.has(recorded.type));
    const named = handled.flatMap(({ data }) => [(data as { responsibleInstitutionId?: unknown }).responsibleInstitutionId, (data as { institutionId?: unknown }).institutionId]);
    await Promise.all([
      facts.load(handled.map(({ data }) => String((data as { achievementId?: unknown }).achievementId))),
      institutions.load(named.filter((id): id is string => typeof id === 'string')),
    ]);

    for (const recorded of events) {
      if (!recorded.streamId.startsWith(ACHIEVEMENT_STREAM_PREFIX) || !HANDLED.has(recorded.type)) continue;
      const event = { type: recorded.type, data: recorded.data } as AchievementEvent;
      const id = event.data.achievementId;
      if (await facts.stale(id, recorded.position)) continue;
      const { after, changes } = evolve((await facts.get(id))?.doc ?? NO_FACTS, event);
      // One write per institution and event (an event may change one institution twice: leaving its
      // queue and its decision; the store keeps only the first write at a position).
      for (const institutionId of new Set(changes.map((c) => c.institutionId))) {
        if (await institutions.stale(institutionId, recorded.position)) continue;
        const current = (await institutions.get(institutionId))?.doc ?? emptyInstitutionStatistics(institutionId);
        const next = changes.filter((c) => c.institutionId === institutionId).reduce((doc, { change }) => change(doc), current);
        institutions.put(institutionId, next, recorded.position);
      }
      facts.put(id, after, recorded.position);
    }
    await institutions.flush();
    await facts.flush();
  }
}
