import { EVIDENCE_STREAM_PREFIX, EvidenceEvent, EvidenceMediaType } from '@credit-bank/ledger-domain';
import { assertNever, Projection, ReadStore, RecordedEvent } from '@credit-bank/kernel';
import { BatchDocuments } from '../batch-documents';

/** v2: with `attached` and `idleSince` for the sweep (the v1 collection `ledger_evidence` is superseded). */
export const EVIDENCE_COLLECTION = 'ledger_evidence_v2';
/** What each learner's files take (the storage quota), by owner id. */
export const EVIDENCE_USAGE_COLLECTION = 'ledger_evidence_usage';

export interface EvidenceDocument {
  ownerId: string;
  sha256: string;
  mediaType: EvidenceMediaType;
  size: number;
  registeredAt: string;
  /** The achievement it backs, or null. */
  attachedTo: string | null;
  /** attachedTo !== null, as an indexed field: the sweep's query is `attached: false` by `idleSince`. */
  attached: boolean;
  /** Since when it backs no achievement (registered, or last detached); null while attached. */
  idleSince: string | null;
}

export interface EvidenceUsageDocument {
  /** Bytes of the owner's files not expired. */
  bytes: number;
  files: number;
}

const HANDLED = new Set<string>(['EvidenceRegistered', 'EvidenceAttached', 'EvidenceDetached', 'EvidenceExpired']);

function isEvidenceEvent(event: RecordedEvent): event is RecordedEvent<EvidenceEvent> {
  return event.streamId.startsWith(EVIDENCE_STREAM_PREFIX) && HANDLED.has(event.type);
}

/**
 * ledger_evidence_v2: who owns each evidence file (for downloads), what it backs and since when
 * it backs nothing (for the sweep); an expired file's document is deleted. ledger_evidence_usage:
 * the bytes and files of each owner (for the quota). Idempotent by position: an event at or
 * below a document's `_position` is skipped, so a replay changes neither the files nor the sums.
 */
export class EvidenceProjection implements Projection {
  readonly name = 'ledger.evidence.v2';
  readonly supersedes = ['ledger_evidence'];
  readonly indexes = [
    // The sweep: unattached files, oldest idle first.
    { collection: EVIDENCE_COLLECTION, fields: ['attached', 'idleSince'] },
    // An erased learner's files (ErasedLearnerEvidence).
    { collection: EVIDENCE_COLLECTION, fields: ['ownerId'] },
  ];

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const files = new BatchDocuments(store.collection<EvidenceDocument>(EVIDENCE_COLLECTION));
    const usage = new BatchDocuments(store.collection<EvidenceUsageDocument>(EVIDENCE_USAGE_COLLECTION));

    // The files and the owners' usage the batch touches, in one round each.
    const touched = events.filter(isEvidenceEvent).map((recorded) => recorded.data as Partial<{ evidenceId: string; ownerId: string }>);
    await Promise.all([files.load(touched.flatMap((d) => (d.evidenceId ? [d.evidenceId] : []))), usage.load(touched.flatMap((d) => (d.ownerId ? [d.ownerId] : [])))]);

    for (const recorded of events) {
      if (!isEvidenceEvent(recorded)) continue;
      const event = { type: recorded.type, data: recorded.data } as EvidenceEvent;
      const id = event.data.evidenceId;
      if (await files.stale(id, recorded.position)) continue;
      const current = (await files.get(id)) ?? { doc: null, position: 0 };
      switch (event.type) {
        case 'EvidenceRegistered': {
          const { evidenceId: _e, ...data } = event.data;
          files.put(id, { ...data, attachedTo: null, attached: false, idleSince: data.registeredAt }, recorded.position);
          await this.count(usage, data.ownerId, data.size, 1, recorded.position);
          break;
        }
        case 'EvidenceAttached':
          if (!current.doc) continue;
          files.put(id, { ...current.doc, attachedTo: event.data.achievementId, attached: true, idleSince: null }, recorded.position);
          break;
        case 'EvidenceDetached':
          if (!current.doc || current.doc.attachedTo !== event.data.achievementId) continue;
          files.put(id, { ...current.doc, attachedTo: null, attached: false, idleSince: event.data.detachedAt }, recorded.position);
          break;
        case 'EvidenceExpired':
          files.remove(id, recorded.position);
          await this.count(usage, event.data.ownerId, -event.data.size, -1, recorded.position);
          break;
        default:
          return assertNever(event, 'evidence event');
      }
    }
    await files.flush();
    await usage.flush();
  }

  private async count(usage: BatchDocuments<EvidenceUsageDocument>, ownerId: string, bytes: number, files: number, position: number): Promise<void> {
    if (await usage.stale(ownerId, position)) return;
    const before = (await usage.get(ownerId))?.doc ?? { bytes: 0, files: 0 };
    usage.put(ownerId, { bytes: before.bytes + bytes, files: before.files + files }, position);
  }
}
