import { institutionKeyValue, qualificationInstitutionDecider, qualificationInstitutionStreamId, QualificationInstitutionRevised } from '@credit-bank/catalog-domain';
import { EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogProjectionsHost } from '../../catalog-projections.host';
import { DirectoryInstitutions, InstitutionKey } from '../directory-institutions';
import { InstitutionWriteResult } from '../list-institution/list-institution.command';
import { ReviseInstitutionCommand } from './revise-institution.command';

/**
 * A revision decides first (pure), then reserves a new credit code or name (409 when another
 * entry holds it), appends at the revision it decided on (a concurrent revision is
 * CATALOG.REVISION_CONFLICT, never decided over stale reservations), and then releases the code
 * or name the entry gave up. A failed append releases what it reserved.
 */
@CommandHandler(ReviseInstitutionCommand)
export class ReviseInstitutionHandler implements ICommandHandler<ReviseInstitutionCommand, InstitutionWriteResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: DirectoryInstitutions,
    private readonly projections: CatalogProjectionsHost,
  ) {}

  async execute({ institutionId, changes, expectedRevision, context }: ReviseInstitutionCommand): Promise<InstitutionWriteResult> {
    const streamId = qualificationInstitutionStreamId(institutionId);
    const loaded = await loadStream(this.store, streamId, qualificationInstitutionDecider);
    const command = { type: 'ReviseQualificationInstitution' as const, institutionId, changes, expectedRevision: expectedRevision ?? loaded.revision, now: context.now };
    const decided = qualificationInstitutionDecider.decide(command, loaded.state) as QualificationInstitutionRevised[];
    if (decided.length === 0 || loaded.state.status !== 'listed') return { institutionId, changed: false };
    const before = loaded.state.content;
    const changed = decided[0].data.changes;
    const gained: InstitutionKey[] = [];
    const given: InstitutionKey[] = [];
    if (changed.creditCode !== undefined) {
      if (changed.creditCode) gained.push({ kind: 'credit-code', value: changed.creditCode });
      if (before.creditCode) given.push({ kind: 'credit-code', value: before.creditCode });
    }
    if (changed.name !== undefined && institutionKeyValue('name', changed.name) !== institutionKeyValue('name', before.name)) {
      gained.push({ kind: 'name', value: changed.name });
      given.push({ kind: 'name', value: before.name });
    }
    const claimed = await this.directory.claim(gained, institutionId, context);
    let result;
    try {
      result = await executeCommand(this.store, streamId, qualificationInstitutionDecider, command, context);
    } catch (error) {
      await this.directory.release(claimed, institutionId, context);
      throw error;
    }
    await this.directory.release(given, institutionId, context);
    return this.projections.settle(result.position, { institutionId, changed: result.events.length > 0, ...(result.position !== undefined ? { position: result.position } : {}) });
  }
}
