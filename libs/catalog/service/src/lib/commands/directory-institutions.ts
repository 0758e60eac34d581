import {
  InstitutionKeyKind,
  institutionKeyDecider,
  institutionKeyStreamId,
  institutionNotFound,
  qualificationInstitutionDecider,
  qualificationInstitutionStreamId,
} from '@credit-bank/catalog-domain';
import { CommandContext, EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { Inject, Injectable, Logger } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DirectoryInstitution {
  id: string;
  name: string;
  creditCode: string | null;
}

/** An id to look up: a non-blank string (anything else is left to the domain rules: required). */
export const isGivenId = (id: unknown): id is string => typeof id === 'string' && id.trim() !== '';

export interface InstitutionKey {
  kind: InstitutionKeyKind;
  value: string;
}

/**
 * The directory as the catalog's own commands see it: asked of the institution streams, not of the
 * read model, which may lag (e.g. while it is rebuilt and the seeder runs at start); and the
 * reservations of credit codes and names.
 */
@Injectable()
export class DirectoryInstitutions {
  private readonly logger = new Logger(DirectoryInstitutions.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The listed institution, or undefined (malformed ids included). */
  async find(id: unknown): Promise<DirectoryInstitution | undefined> {
    if (typeof id !== 'string' || !UUID.test(id.trim())) return undefined;
    const { state } = await loadStream(this.store, qualificationInstitutionStreamId(id.trim()), qualificationInstitutionDecider);
    return state.status === 'listed' ? { id: state.institutionId, name: state.content.name, creditCode: state.content.creditCode } : undefined;
  }

  /** The listed institution; else 404 CATALOG.INSTITUTION_NOT_FOUND naming `field` of the request. */
  async require(id: unknown, field: string): Promise<DirectoryInstitution> {
    const found = await this.find(id);
    if (!found) throw institutionNotFound(id, field);
    return found;
  }

  /**
   * Reserves the keys for `institutionId`, all or nothing (409 CATALOG.INSTITUTION_<KIND>_TAKEN
   * naming the holder). Returns the keys this call reserved (not those the entry already held),
   * which are what to release if the write that needed them fails.
   */
  async claim(keys: InstitutionKey[], institutionId: string, ctx: CommandContext): Promise<InstitutionKey[]> {
    const claimed: InstitutionKey[] = [];
    try {
      for (const key of keys) {
        const { events } = await executeCommand(this.store, institutionKeyStreamId(key.kind, key.value), institutionKeyDecider, { type: 'ClaimInstitutionKey', kind: key.kind, institutionId, now: ctx.now }, ctx);
        if (events.length) claimed.push(key);
      }
    } catch (error) {
      await this.release(claimed, institutionId, ctx);
      throw error;
    }
    return claimed;
  }

  /** Best effort: a release that fails is logged and skipped (the key stays with this entry). */
  async release(keys: InstitutionKey[], institutionId: string, ctx: CommandContext): Promise<void> {
    for (const key of [...keys].reverse()) {
      try {
        await executeCommand(this.store, institutionKeyStreamId(key.kind, key.value), institutionKeyDecider, { type: 'ReleaseInstitutionKey', institutionId, now: ctx.now }, ctx);
      } catch (error) {
        this.logger.error(`Could not release the ${key.kind} of institution ${institutionId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
