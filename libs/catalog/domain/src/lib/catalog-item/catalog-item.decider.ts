import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { CatalogErrorCodes, CatalogFieldCodes } from '../catalog-errors';
import { CATALOG_ITEM_CONTENT_FIELDS, catalogItemErrors, catalogItemInvalid, normalizeCatalogItemContent, sameContent } from './catalog-item-rules';
import { CatalogItemContent, CatalogItemEvent } from './catalog-item.events';

/**
 * Publishes an entry of the achievement catalogue. Publishing identical content again is a no-op
 * (so seeding is idempotent). The entry's fields sit under `content` because `type` names the
 * command here, as for every command.
 */
export interface PublishCatalogItem {
  type: 'PublishCatalogItem';
  itemId: string;
  content: CatalogItemContent;
  now: string;
}

/**
 * Changes some fields of a published entry; fields left out keep their value. With
 * `expectedRevision` (the If-Match of the administrator), another current revision is refused.
 */
export interface ReviseCatalogItem {
  type: 'ReviseCatalogItem';
  itemId: string;
  changes: Partial<CatalogItemContent>;
  expectedRevision?: number;
  now: string;
}

/** Withdraws an entry from the catalogue. Retiring a retired entry is a no-op. */
export interface RetireCatalogItem {
  type: 'RetireCatalogItem';
  itemId: string;
  reason?: string;
  expectedRevision?: number;
  now: string;
}

export type CatalogItemCommand = PublishCatalogItem | ReviseCatalogItem | RetireCatalogItem;

/** `revision` is the stream revision of the last event (0 = as published). */
export type CatalogItemState =
  | { status: 'unpublished' }
  | { status: 'published' | 'retired'; itemId: string; content: CatalogItemContent; revision: number };

export const RETIRE_REASON_MAX_LENGTH = 500;

function evolve(state: CatalogItemState, event: CatalogItemEvent): CatalogItemState {
  switch (event.type) {
    case 'CatalogItemPublished': {
      const { itemId, publishedAt: _publishedAt, ...content } = event.data;
      return { status: 'published', itemId, content, revision: 0 };
    }
    case 'CatalogItemRevised':
      return state.status === 'unpublished' ? state : { ...state, content: { ...state.content, ...event.data.changes }, revision: state.revision + 1 };
    case 'CatalogItemRetired':
      return state.status === 'unpublished' ? state : { ...state, status: 'retired', revision: state.revision + 1 };
    default:
      return assertNever(event, 'catalog item event');
  }
}

function notFound(itemId: string): DomainError {
  return new DomainError(CatalogErrorCodes.ITEM_NOT_FOUND, 'not_found', 'No such catalogue entry.', { itemId });
}

/** The If-Match named another revision (entry) or version (conversion rule) than the current one. */
export function revisionConflict(expected: number, current: number, noun: 'revision' | 'version' = 'revision'): DomainError {
  return new DomainError(CatalogErrorCodes.REVISION_CONFLICT, 'conflict', `Changed since you read it: the current ${noun} is ${current}, not ${expected}.`, {
    expected,
    current,
  });
}

function decide(command: CatalogItemCommand, state: CatalogItemState): CatalogItemEvent[] {
  switch (command.type) {
    case 'PublishCatalogItem': {
      const content = normalizeCatalogItemContent(command.content ?? ({} as CatalogItemContent));
      const errors = catalogItemErrors(content);
      if (errors.length) throw catalogItemInvalid(errors);
      switch (state.status) {
        case 'unpublished':
          return [{ type: 'CatalogItemPublished', data: { itemId: command.itemId, ...content, publishedAt: command.now } }];
        case 'published':
        case 'retired':
          if (sameContent(state.content, content)) return [];
          throw new DomainError(CatalogErrorCodes.ITEM_ALREADY_PUBLISHED, 'conflict', 'This catalogue entry is already published with different content.', {
            itemId: state.itemId,
          });
        default:
          return assertNever(state, 'catalog item state');
      }
    }
    case 'ReviseCatalogItem': {
      if (state.status === 'unpublished') throw notFound(command.itemId);
      if (state.status === 'retired') throw new DomainError(CatalogErrorCodes.ITEM_RETIRED, 'conflict', 'This catalogue entry is retired.', { itemId: state.itemId });
      if (command.expectedRevision !== undefined && command.expectedRevision !== state.revision) throw revisionConflict(command.expectedRevision, state.revision);
      const revised = normalizeCatalogItemContent({ ...state.content, ...definedOnly(command.changes) });
      const errors = catalogItemErrors(revised);
      if (errors.length) throw catalogItemInvalid(errors);
      const changes: Partial<CatalogItemContent> = {};
      for (const field of CATALOG_ITEM_CONTENT_FIELDS) {
        if (revised[field] !== state.content[field]) (changes as Record<string, unknown>)[field] = revised[field];
      }
      if (Object.keys(changes).length === 0) return [];
      return [{ type: 'CatalogItemRevised', data: { itemId: state.itemId, changes, revisedAt: command.now } }];
    }
    case 'RetireCatalogItem': {
      if (state.status === 'unpublished') throw notFound(command.itemId);
      if (state.status === 'retired') return [];
      if (command.expectedRevision !== undefined && command.expectedRevision !== state.revision) throw revisionConflict(command.expectedRevision, state.revision);
      const reason = typeof command.reason === 'string' ? command.reason.trim() : undefined;
      if (reason && reason.length > RETIRE_REASON_MAX_LENGTH) {
        throw catalogItemInvalid([{ field: 'reason', code: CatalogFieldCodes.TOO_LONG, message: `reason must be at most ${RETIRE_REASON_MAX_LENGTH} characters` }]);
      }
      return [{ type: 'CatalogItemRetired', data: { itemId: state.itemId, ...(reason ? { reason } : {}), retiredAt: command.now } }];
    }
    default:
      return assertNever(command, 'catalog item command');
  }
}

function definedOnly(changes: Partial<CatalogItemContent>): Partial<CatalogItemContent> {
  const out: Record<string, unknown> = {};
  for (const field of CATALOG_ITEM_CONTENT_FIELDS) {
    const value = (changes ?? {})[field];
    if (value !== undefined) out[field] = value;
  }
  return out as Partial<CatalogItemContent>;
}

export const catalogItemDecider: Decider<CatalogItemCommand, CatalogItemEvent, CatalogItemState> = {
  initialState: { status: 'unpublished' },
  evolve,
  decide,
};

/** For audits: the statuses each event may follow (what `decide` can emit from them). */
export const catalogItemTransitions: TransitionRules<CatalogItemEvent> = {
  CatalogItemPublished: ['unpublished'],
  CatalogItemRevised: ['published'],
  CatalogItemRetired: ['published'],
};
