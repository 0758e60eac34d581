import { CATALOG_ERROR_CODES, InstitutionView, MessageMeta, QualificationInstitutionView } from '@credit-bank/contracts';
import { accountDecider, accountStreamId, approvalOf, IdentityErrorCodes } from '@credit-bank/identity-domain';
import { DomainError, EVENT_STORE, EventStore, executeCommand, loadStream, normalizeInstitutionName } from '@credit-bank/kernel';
import { contextOf, pendingAnswer, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { QualificationDirectory } from '../../directory/qualification-directory';
import { InstitutionDirectory } from '../../projections/accounts/institution-directory';
import { IdentityProjectionsHost } from '../../projections/identity-projections.host';
import { UniqueValue, UniqueValues } from '../../uniqueness/unique-values';
import { ApproveInstitutionCommand } from './approve-institution.command';

/**
 * 机构审核 (approval) links the account to exactly one qualification institution of the
 * catalogue's directory: the one named by `institutionId`, else the one with the account's credit
 * code. In order: the domain's refusals first (403 not an administrator, 404 not an institution,
 * 409 decided — before anything is asked or reserved); the directory institution (404
 * CATALOG.INSTITUTION_NOT_FOUND for an unknown id, 409 IDENTITY.INSTITUTION_NOT_IN_DIRECTORY when
 * no entry has the code); then the claims `institution-link` (one account per institution: 409
 * IDENTITY.INSTITUTION_ALREADY_LINKED naming the linked account, also for the loser of two
 * approvals at once) and `institution-name` (names of active accounts are unique; accounts
 * registered before names were claimed claim it here); then the approval, or `InstitutionLinked`
 * for an account approved before institutions had ids. A failed append releases what it claimed.
 */
@CommandHandler(ApproveInstitutionCommand)
export class ApproveInstitutionHandler implements ICommandHandler<ApproveInstitutionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: IdentityProjectionsHost,
    private readonly institutions: InstitutionDirectory,
    private readonly directory: QualificationDirectory,
    private readonly uniqueValues: UniqueValues,
  ) {}

  async execute({ payload, meta }: ApproveInstitutionCommand): Promise<InstitutionView> {
    const actor = requireActor(meta);
    const ctx = contextOf(meta);
    const streamId = accountStreamId(payload.id);
    const { state } = await loadStream(this.store, streamId, accountDecider);
    const approval = approvalOf(state, actor.role);
    const institution = await this.institutionFor(payload.institutionId, approval.creditCode, meta);
    const claims: UniqueValue[] = [
      { kind: 'institution-link', value: institution.id },
      { kind: 'institution-name', value: normalizeInstitutionName(approval.name) },
    ];
    const claimed = await this.uniqueValues.claimNew(claims, payload.id, ctx);
    let position: number | undefined;
    try {
      ({ position } = await executeCommand(
        this.store,
        streamId,
        accountDecider,
        {
          type: 'ApproveInstitution',
          accountId: payload.id,
          institution: { id: institution.id, name: institution.name },
          decidedBy: actor.accountId,
          deciderRole: actor.role,
          now: ctx.now,
        },
        ctx,
      ));
    } catch (error) {
      await this.uniqueValues.releaseAll(claimed, payload.id, ctx);
      throw error;
    }
    // The read model answers the view: the decision's own if it applied it in time, marked pending otherwise.
    const seen = await this.projections.waitFor(position);
    const view = await this.institutions.get(payload.id);
    return seen ? view : pendingAnswer(view);
  }

  private async institutionFor(institutionId: string | undefined, creditCode: string, meta: MessageMeta): Promise<QualificationInstitutionView> {
    if (institutionId) {
      const found = await this.directory.byId(institutionId, meta);
      if (found) return found;
      const message = 'No qualification institution of the directory has this id.';
      throw new DomainError(CATALOG_ERROR_CODES.INSTITUTION_NOT_FOUND, 'not_found', message, { institutionId }, [
        { field: 'institutionId', code: CATALOG_ERROR_CODES.INSTITUTION_NOT_FOUND, message },
      ]);
    }
    const match = await this.directory.byCreditCode(creditCode, meta);
    if (match) return match;
    throw new DomainError(
      IdentityErrorCodes.INSTITUTION_NOT_IN_DIRECTORY,
      'conflict',
      'No qualification institution of the directory has this account’s credit code: list it with the code (POST /admin/qualification-institutions), or approve with the institutionId of its entry.',
      { unifiedSocialCreditCode: creditCode },
    );
  }
}
