import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { CatalogErrorCodes } from '../catalog-errors';
import { revisionConflict } from '../catalog-item/catalog-item.decider';
import {
  INSTITUTION_CONTENT_FIELDS,
  institutionChanges,
  institutionErrors,
  institutionInvalid,
  institutionNotFound,
  normalizeInstitutionContent,
  sameInstitutionContent,
} from './qualification-institution-rules';
import { QualificationInstitutionContent, QualificationInstitutionEvent } from './qualification-institution.events';

/**
 * Lists an institution in the directory. Listing identical content again is a no-op (the seed
 * and the start-up backfill run at every start); other content under a listed id is refused.
 * Credit codes and names held by another entry are refused by their reservations, not here.
 */
export interface ListQualificationInstitution {
  type: 'ListQualificationInstitution';
  institutionId: string;
  content: QualificationInstitutionContent;
  now: string;
}

/** Changes some fields; left out = unchanged, `creditCode: null` removes the code. */
export interface ReviseQualificationInstitution {
  type: 'ReviseQualificationInstitution';
  institutionId: string;
  changes: Partial<QualificationInstitutionContent>;
  /** The revision the administrator read (If-Match), when given. */
  expectedRevision?: number;
  now: string;
}

export type QualificationInstitutionCommand = ListQualificationInstitution | ReviseQualificationInstitution;

/** `revision`: stream revision of the last event (0 = as listed). */
export type QualificationInstitutionState =
  | { status: 'unlisted' }
  | { status: 'listed'; institutionId: string; content: QualificationInstitutionContent; revision: number };

function evolve(state: QualificationInstitutionState, event: QualificationInstitutionEvent): QualificationInstitutionState {
  switch (event.type) {
    case 'QualificationInstitutionListed': {
      const { institutionId, name, creditCode, aliases } = event.data;
      return { status: 'listed', institutionId, content: { name, creditCode: creditCode ?? null, aliases: aliases ?? [] }, revision: 0 };
    }
    case 'QualificationInstitutionRevised':
      return state.status === 'unlisted' ? state : { ...state, content: { ...state.content, ...event.data.changes }, revision: state.revision + 1 };
    default:
      return assertNever(event, 'qualification institution event');
  }
}

function validContent(content: Partial<QualificationInstitutionContent>): QualificationInstitutionContent {
  const normalized = normalizeInstitutionContent(content);
  const errors = institutionErrors(normalized);
  if (errors.length) throw institutionInvalid(errors);
  return normalized;
}

/** The fields given (undefined = not given; null is a value: no credit code). */
function givenOnly(changes: Partial<QualificationInstitutionContent> | undefined): Partial<QualificationInstitutionContent> {
  const out: Record<string, unknown> = {};
  for (const f of INSTITUTION_CONTENT_FIELDS) if (changes && changes[f] !== undefined) out[f] = changes[f];
  return out as Partial<QualificationInstitutionContent>;
}

function decide(command: QualificationInstitutionCommand, state: QualificationInstitutionState): QualificationInstitutionEvent[] {
  switch (command.type) {
    case 'ListQualificationInstitution': {
      const content = validContent(command.content);
      if (state.status === 'unlisted') return [{ type: 'QualificationInstitutionListed', data: { institutionId: command.institutionId, ...content, listedAt: command.now } }];
      if (sameInstitutionContent(state.content, content)) return [];
      throw new DomainError(CatalogErrorCodes.INSTITUTION_ALREADY_LISTED, 'conflict', 'This qualification institution is already listed with other content.', {
        institutionId: state.institutionId,
      });
    }
    case 'ReviseQualificationInstitution': {
      if (state.status === 'unlisted') throw institutionNotFound(command.institutionId);
      if (command.expectedRevision !== undefined && command.expectedRevision !== state.revision) throw revisionConflict(command.expectedRevision, state.revision);
      const revised = validContent({ ...state.content, ...givenOnly(command.changes) });
      const changes = institutionChanges(state.content, revised);
      if (Object.keys(changes).length === 0) return [];
      return [{ type: 'QualificationInstitutionRevised', data: { institutionId: state.institutionId, changes, revisedAt: command.now } }];
    }
    default:
      return assertNever(command, 'qualification institution command');
  }
}

export const qualificationInstitutionDecider: Decider<QualificationInstitutionCommand, QualificationInstitutionEvent, QualificationInstitutionState> = {
  initialState: { status: 'unlisted' },
  evolve,
  decide,
};

/** For audits: the statuses each event may follow (what `decide` can emit from them). */
export const qualificationInstitutionTransitions: TransitionRules<QualificationInstitutionEvent> = {
  QualificationInstitutionListed: ['unlisted'],
  QualificationInstitutionRevised: ['listed'],
};
