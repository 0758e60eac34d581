import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { CatalogErrorCodes } from '../catalog-errors';
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

/** Changes some fields of a published entry; fields left out keep their value. */
export interface ReviseCatalogItem {
  type: 'ReviseCatalogItem';
  itemId: string;
  changes: Partial<CatalogItemContent>;
  now: string;
}

export type CatalogItemCommand = PublishCatalogItem | ReviseCatalogItem;

export type CatalogItemState = { status: 'unpublished' } | { status: 'published'; itemId: string; content: CatalogItemContent };

function evolve(state: CatalogItemState, event: CatalogItemEvent): CatalogItemState {
  switch (event.type) {
    case 'CatalogItemPublished': {
      const { itemId, publishedAt: _publishedAt, ...content } = event.data;
      return { status: 'published', itemId, content };
    }
    case 'CatalogItemRevised':
      return state.status === 'published' ? { ...state, content: { ...state.content, ...event.data.changes } } : state;
    default:
      return assertNever(event, 'catalog item event');
  }
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
          if (sameContent(state.content, content)) return [];
          throw new DomainError(CatalogErrorCodes.ITEM_ALREADY_PUBLISHED, 'conflict', 'This catalogue entry is already published with different content.', {
            itemId: state.itemId,
          });
        default:
          return assertNever(state, 'catalog item state');
      }
    }
    case 'ReviseCatalogItem': {
      switch (state.status) {
        case 'unpublished':
          throw new DomainError(CatalogErrorCodes.ITEM_NOT_FOUND, 'not_found', 'No such catalogue entry.', { itemId: command.itemId });
        case 'published': {
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
        default:
          return assertNever(state, 'catalog item state');
      }
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
export const catalogItemTransitions: TransitionRules<CatalogItemEvent> = { CatalogItemPublished: ['unpublished'], CatalogItemRevised: ['published'] };
