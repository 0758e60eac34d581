import { RecognitionOutcomeView, RecognitionStatus, RecognitionStepView } from '@credit-bank/contracts';
import { ACHIEVEMENT_STREAM_PREFIX, AchievementDetails, AchievementEvent, achievementSummary, ADMINISTRATION_NAME } from '@credit-bank/ledger-domain';
import { assertNever, Projection, ReadStore, RecordedEvent, WriteOp } from '@credit-bank/kernel';

/** v2: institutions by directory id (the v1 collection `ledger_achievements` is superseded). */
export const ACHIEVEMENTS_COLLECTION = 'ledger_achievements_v2';

/** One document per active achievement: the list columns, the full details and the revision. */
export interface AchievementDocument extends AchievementDetails {
  ownerId: string;
  /** Stream revision of the last event applied (the ETag). */
  revision: number;
  achievementName: string;
  type: string;
  typeName: string;
  /** The achievement's institution in the directory (null: named by hand). */
  institutionId: string | null;
  institutionName: string;
  recognition: { status: RecognitionStatus; record: RecognitionStepView[]; outcome?: RecognitionOutcomeView };
  /** recognition.status again, at the top level, for the reviewers' queue filter. */
  recognitionStatus: RecognitionStatus;
  responsibleInstitution: string | null;
  /** The directory institution whose reviewers see it (the review queue's key); null before submission and while in the routing queue. */
  responsibleInstitutionId: string | null;
  /** When it was last submitted (ISO-8601): the queue's "oldest first" order and date filter; null before. */
  submittedAt: string | null;
  /** The reviewer holding the request (under-review and decided), else null. */
  claimedBy: string | null;
  addedAt: string;
  /** Global position of the AchievementStored event: the list's "newest first" order. */
  addedSeq: number;
  updatedAt: string;
}

const HANDLED = new Set<string>([
  'AchievementStored',
  'AchievementAmended',
  'AchievementWithdrawn',
  'RecognitionRequested',
  'RecognitionClaimed',
  'AchievementRecognised',
  'RecognitionRejected',
  'AchievementReturned',
  'RecognitionRouted',
  'RecognitionRoutingDeclined',
  'EvidenceViewed',
  'RecognitionRevoked',
]);

function isAchievementEvent(event: RecordedEvent): event is RecordedEvent<AchievementEvent> {
  return event.streamId.startsWith(ACHIEVEMENT_STREAM_PREFIX) && HANDLED.has(event.type);
}

/** Recomputes the columns derived from the details (name, type, institution). */
function withSummary(doc: AchievementDocument): AchievementDocument {
  const summary = achievementSummary(doc);
  return { ...doc, ...summary };
}

type Current = { doc: AchievementDocument | null; position: number };

/** The document with one more step in its record and the status the step leads to. */
function stepped(doc: AchievementDocument, revision: number, status: RecognitionStatus, step: RecognitionStepView, extra: Partial<AchievementDocument> = {}): AchievementDocument {
  return {
    ...doc,
    ...extra,
    revision,
    recognitionStatus: status,
    recognition: { ...doc.recognition, ...(extra.recognition ?? {}), status, record: [...doc.recognition.record, step] },
  };
}

/**
 * ledger_achievements. Withdrawn achievements are deleted (a tombstone, so a replay keeps them
 * deleted). An event at or below the position the document already has is skipped, so applying
 * the same events twice — or a batch that overlaps what was applied — changes nothing.
 */
export class AchievementsProjection implements Projection {
  /** v2: institutions by directory id, the routing queue, evidence views and revocations. */
  readonly name = 'ledger.achievements.v2';
  readonly supersedes = ['ledger_achievements'];
  /** The learner's list, the review queue (by institution id), 管理中心's routing queue. */
  readonly indexes = [
    { collection: ACHIEVEMENTS_COLLECTION, fields: ['ownerId', 'addedSeq'] },
    { collection: ACHIEVEMENTS_COLLECTION, fields: ['responsibleInstitutionId', 'recognitionStatus', 'submittedAt'] },
    { collection: ACHIEVEMENTS_COLLECTION, fields: ['recognitionStatus', 'submittedAt'] },
  ];

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const collection = store.collection<AchievementDocument>(ACHIEVEMENTS_COLLECTION);
    const ops: Array<WriteOp<AchievementDocument>> = [];
    // Documents changed earlier in this batch, so later events of the batch build on them.
    const batch = new Map<string, Current>();

    // Every document the batch touches, in one round (a miss is a new achievement).
    const ids = events.filter(isAchievementEvent).map((recorded) => (recorded.data as AchievementEvent['data']).achievementId);
    const stored = new Map<string, Current>();
    for (const { id, _position, ...doc } of await collection.getMany(ids)) stored.set(id, { doc: doc as AchievementDocument, position: _position });

    for (const recorded of events) {
      if (!isAchievementEvent(recorded)) continue;
      const event = { type: recorded.type, data: recorded.data } as AchievementEvent;
      const id = event.data.achievementId;
      const current = batch.get(id) ?? stored.get(id);
      if (current && current.position >= recorded.position) continue;
      let next: AchievementDocument | null;
      switch (event.type) {
        case 'AchievementStored': {
          const { achievementId: _a, ownerId, storedAt, ...details } = event.data;
          next = withSummary({
            ...details,
            ownerId,
            revision: recorded.revision,
            achievementName: '',
            type: '',
            typeName: '',
            institutionId: null,
            institutionName: '',
            recognition: { status: 'not-submitted', record: [] },
            recognitionStatus: 'not-submitted',
            responsibleInstitution: null,
            responsibleInstitutionId: null,
            submittedAt: null,
            claimedBy: null,
            addedAt: storedAt,
            addedSeq: recorded.position,
            updatedAt: storedAt,
          });
          break;
        }
        case 'AchievementAmended': {
          if (!current?.doc) continue;
          const amended = withSummary({ ...current.doc, ...event.data.changes, revision: recorded.revision, updatedAt: event.data.amendedAt });
          // After a return the correction is part of the recognition record.
          next =
            current.doc.recognitionStatus === 'returned'
              ? stepped(amended, recorded.revision, 'returned', { step: 'amended', at: event.data.amendedAt, by: current.doc.ownerId, fields: Object.keys(event.data.changes).sort() })
              : amended;
          break;
        }
        case 'RecognitionRequested': {
          if (!current?.doc) continue;
          const toInstitution = event.data.routing === 'institution';
          next = stepped(
            current.doc,
            recorded.revision,
            toInstitution ? 'submitted' : 'awaiting-routing',
            { step: 'submitted', at: event.data.requestedAt, by: current.doc.ownerId, institution: event.data.responsibleInstitution, institutionId: event.data.responsibleInstitutionId },
            {
              responsibleInstitution: event.data.responsibleInstitution,
              responsibleInstitutionId: toInstitution ? event.data.responsibleInstitutionId : null,
              submittedAt: event.data.requestedAt,
              claimedBy: null,
              updatedAt: event.data.requestedAt,
            },
          );
          break;
        }
        case 'RecognitionRouted':
          if (!current?.doc) continue;
          next = stepped(
            current.doc,
            recorded.revision,
            'submitted',
            { step: 'routed', at: event.data.routedAt, by: event.data.routedBy, institution: event.data.institutionName, institutionId: event.data.institutionId },
            { responsibleInstitution: event.data.institutionName, responsibleInstitutionId: event.data.institutionId, updatedAt: event.data.routedAt },
          );
          break;
        case 'RecognitionRoutingDeclined':
          if (!current?.doc) continue;
          next = stepped(
            current.doc,
            recorded.revision,
            'returned',
            { step: 'routing-declined', at: event.data.declinedAt, by: event.data.declinedBy, institution: ADMINISTRATION_NAME, institutionId: null, reason: event.data.reason },
            { updatedAt: event.data.declinedAt },
          );
          break;
        case 'EvidenceViewed':
          if (!current?.doc) continue;
          // A view changes nothing but the record (and the revision: it is an event of the stream).
          next = stepped(current.doc, recorded.revision, current.doc.recognitionStatus, {
            step: 'evidence-viewed',
            at: event.data.viewedAt,
            by: event.data.viewerId,
            role: event.data.viewerRole,
            institutionId: event.data.institutionId,
            ...(event.data.viewerRole === 'admin' ? { institution: ADMINISTRATION_NAME } : {}),
          });
          break;
        case 'RecognitionRevoked':
          if (!current?.doc) continue;
          next = stepped(
            current.doc,
            recorded.revision,
            'revoked',
            {
              step: 'revoked',
              at: event.data.revokedAt,
              by: event.data.revokedBy,
              role: event.data.revokerRole,
              institutionId: event.data.institutionId,
              ...(event.data.revokerRole === 'admin' ? { institution: ADMINISTRATION_NAME } : {}),
              reason: event.data.reason,
            },
            { updatedAt: event.data.revokedAt },
          );
          break;
        case 'RecognitionClaimed':
          if (!current?.doc) continue;
          next = stepped(
            current.doc,
            recorded.revision,
            'under-review',
            { step: 'claimed', at: event.data.claimedAt, by: event.data.reviewerId, institution: event.data.institutionName, institutionId: event.data.institutionId },
            { claimedBy: event.data.reviewerId },
          );
          break;
        case 'AchievementRecognised': {
          if (!current?.doc) continue;
          const { frameworkLevel, category, type, credits, comment } = event.data;
          const outcome: RecognitionOutcomeView = { frameworkLevel, category, type, credits, ...(comment !== undefined ? { comment } : {}) };
          next = stepped(
            current.doc,
            recorded.revision,
            'recognised',
            {
              step: 'recognised',
              at: event.data.recognisedAt,
              by: event.data.reviewerId,
              institution: event.data.institutionName,
              institutionId: event.data.institutionId,
              outcome,
              ...(event.data.duplicateOverride ? { reason: event.data.duplicateOverride.reason } : {}),
            },
            { recognition: { ...current.doc.recognition, outcome }, updatedAt: event.data.recognisedAt },
          );
          break;
        }
        case 'RecognitionRejected':
          if (!current?.doc) continue;
          next = stepped(
            current.doc,
            recorded.revision,
            'rejected',
            { step: 'rejected', at: event.data.rejectedAt, by: event.data.reviewerId, institution: event.data.institutionName, institutionId: event.data.institutionId, reason: event.data.reason },
            { updatedAt: event.data.rejectedAt },
          );
          break;
        case 'AchievementReturned':
          if (!current?.doc) continue;
          next = stepped(
            current.doc,
            recorded.revision,
            'returned',
            { step: 'returned', at: event.data.returnedAt, by: event.data.reviewerId, institution: event.data.institutionName, institutionId: event.data.institutionId, reason: event.data.reason },
            { claimedBy: null, updatedAt: event.data.returnedAt },
          );
          break;
        case 'AchievementWithdrawn':
          next = null;
          break;
        default:
          return assertNever(event, 'achievement event');
      }
      batch.set(id, { doc: next, position: recorded.position });
      ops.push(next ? { kind: 'upsert', id, doc: next, position: recorded.position } : { kind: 'delete', id, position: recorded.position });
    }
    if (ops.length) await collection.write(ops);
  }
}
