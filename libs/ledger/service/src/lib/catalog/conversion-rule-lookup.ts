import { CATALOG_PATTERNS, ConversionRuleView, MessageMeta } from '@credit-bank/contracts';
import { ConversionRuleFacts, LedgerErrorCodes } from '@credit-bank/ledger-domain';
import { DomainError } from '@credit-bank/kernel';
import { BUS_CLIENT } from '@credit-bank/platform';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';

const CATALOG_TIMEOUT_MS = 5000;

/**
 * The ledger asks the catalog (request-reply `catalog.get-conversion-rule.v1`) for the current
 * version of a conversion rule when a learner applies; the catalogue's read model is never read.
 */
@Injectable()
export class ConversionRuleLookup {
  constructor(@Optional() @Inject(BUS_CLIENT) private readonly bus?: ClientProxy) {}

  async current(ruleId: string, meta: MessageMeta): Promise<ConversionRuleFacts> {
    if (!this.bus) throw unavailable('no bus client is bound');
    let view: ConversionRuleView;
    try {
      view = await firstValueFrom(this.bus.send<ConversionRuleView>(CATALOG_PATTERNS.getConversionRule, { meta, payload: { ruleId } }).pipe(timeout(CATALOG_TIMEOUT_MS)));
    } catch (error) {
      if (DomainError.isPayload(error) && error.kind === 'not_found') {
        throw new DomainError(LedgerErrorCodes.CONVERSION_RULE_UNKNOWN, 'validation', 'No conversion rule has this id.', { ruleId }, [
          { field: 'ruleId', code: LedgerErrorCodes.CONVERSION_RULE_UNKNOWN, message: 'no conversion rule has this id' },
        ]);
      }
      if (DomainError.isPayload(error) && error.kind === 'validation') {
        throw new DomainError(LedgerErrorCodes.CONVERSION_RULE_UNKNOWN, 'validation', 'No conversion rule has this id.', { ruleId });
      }
      throw unavailable(error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error));
    }
    return {
      ruleId: view.ruleId,
      version: view.version,
      status: view.status,
      kind: view.kind,
      sources: { ...view.sources },
      target: { ...view.target },
      limits: { ...(view.limits ?? {}) },
      effectiveFrom: view.effectiveFrom,
    };
  }
}

function unavailable(reason: string): DomainError {
  return new DomainError(LedgerErrorCodes.CATALOG_UNAVAILABLE, 'unavailable', `The catalogue could not be asked: ${reason}`);
}
