import { qualificationInstitutionDecider, qualificationInstitutionStreamId, QualificationInstitutionContent } from '@credit-bank/catalog-domain';
import { EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogProjectionsHost } from '../../catalog-projections.host';
import { DirectoryInstitutions, InstitutionKey } from '../directory-institutions';
import { InstitutionWriteResult, ListInstitutionCommand } from './list-institution.command';

/** The keys an entry holds: its credit code (when recorded) and its name. */
export function keysOf(content: Pick<QualificationInstitutionContent, 'name' | 'creditCode'>): InstitutionKey[] {
  return [...(content.creditCode ? [{ kind: 'credit-code' as const, value: content.creditCode }] : []), { kind: 'name' as const, value: content.name }];
}

/**
 * Listing: the domain rules first (pure), so an invalid or an identical listing reserves nothing;
 * then the credit code and the name are reserved (409 when another entry holds one), then the
 * listing is appended; a failed append releases what this listing reserved.
 */
@CommandHandler(ListInstitutionCommand)
export class ListInstitutionHandler implements ICommandHandler<ListInstitutionCommand, InstitutionWriteResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: DirectoryInstitutions,
    private readonly projections: CatalogProjectionsHost,
  ) {}

  async execute({ institutionId, content, context, options }: ListInstitutionCommand): Promise<InstitutionWriteResult> {
    const streamId = qualificationInstitutionStreamId(institutionId);
    const command = { type: 'ListQualificationInstitution' as const, institutionId, content: content as QualificationInstitutionContent, now: context.now };
    const { state } = await loadStream(this.store, streamId, qualificationInstitutionDecider);
    const decided = qualificationInstitutionDecider.decide(command, state);
    if (decided.length === 0) return { institutionId, changed: false };
    const claimed = await this.directory.claim(keysOf(decided[0].data as QualificationInstitutionContent), institutionId, context);
    let result;
    try {
      result = await executeCommand(this.store, streamId, qualificationInstitutionDecider, command, context);
    } catch (error) {
      await this.directory.release(claimed, institutionId, context);
      throw error;
    }
    const answer = { institutionId, changed: result.events.length > 0, ...(result.position !== undefined ? { position: result.position } : {}) };
    return options.awaitProjection === false ? answer : this.projections.settle(result.position, answer);
  }
}
