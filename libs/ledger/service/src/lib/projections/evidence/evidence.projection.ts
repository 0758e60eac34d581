import { EVIDENCE_STREAM_PREFIX, EvidenceEvent, EvidenceMediaType } from '@credit-bank/ledger-domain';
import { assertNever, Projection, ReadStore, RecordedEvent, WriteOp } from '@credit-bank/kernel';

export const EVIDENCE_COLLECTION = 'ledger_evidence';

export interface EvidenceDocument {
  ownerId: string;
  sha256: string;
  mediaType: EvidenceMediaType;
  size: number;
  registeredAt: string;
  /** The achievement it backs, or null. */
  attachedTo: string | null;
}

const HANDLED = new Set<string>(['EvidenceRegistered', 'EvidenceAttached', 'EvidenceDetached']);

function isEvidenceEvent(event: RecordedEvent): event is RecordedEvent<EvidenceEvent> {
  return event.streamId.startsWith(EVIDENCE_STREAM_PREFIX) && HANDLED.has(event.type);
}

/** ledger_evidence: who owns each evidence file (for downloads) and what it backs. Idempotent by position. */
export class EvidenceProjection implements Projection {
  readonly name = 'ledger.evidence';

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const collection = store.collection<EvidenceDocument>(EVIDENCE_COLLECTION);
    const ops: Array<WriteOp<EvidenceDocument>> = [];
    const batch = new Map<string, { doc: EvidenceDocument; position: number }>();

    for (const recorded of events) {
      if (!isEvidenceEvent(recorded)) continue;
      const event = { type: recorded.type, data: recorded.data } as EvidenceEvent;
      const id = event.data.evidenceId;
      let current = batch.get(id);
      if (!current) {
        const found = await collection.get(id);
        if (found) {
          const { id: _id, _position, ...doc } = found;
          current = { doc: doc as EvidenceDocument, position: _position };
        }
      }
      if (current && current.position >= recorded.position) continue;
      let next: EvidenceDocument;
      switch (event.type) {
        case 'EvidenceRegistered': {
          const { evidenceId: _e, ...data } = event.data;
          next = { ...data, attachedTo: null };
          break;
        }
        case 'EvidenceAttached':
          if (!current) continue;
          next = { ...current.doc, attachedTo: event.data.achievementId };
          break;
        case 'EvidenceDetached':
          if (!current) continue;
          next = current.doc.attachedTo === event.data.achievementId ? { ...current.doc, attachedTo: null } : current.doc;
          break;
        default:
          return assertNever(event, 'evidence event');
      }
      batch.set(id, { doc: next, position: recorded.position });
      ops.push({ kind: 'upsert', id, doc: next, position: recorded.position });
    }
    if (ops.length) await collection.write(ops);
  }
}
