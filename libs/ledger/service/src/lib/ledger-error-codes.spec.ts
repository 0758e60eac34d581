import { LEDGER_ERROR_CODES } from '@credit-bank/contracts';
import { LedgerErrorCodes } from '@credit-bank/ledger-domain';

/**
 * The contracts repeat the ledger's error codes for the gateway (which may not import the ledger's
 * domain); this keeps the two lists from drifting apart.
 */
describe('ledger error codes in the contracts', () => {
  const raisedByGatewayOnly = ['EVIDENCE_FILE_MISSING', 'EVIDENCE_MALFORMED', 'EVIDENCE_ACTIVE_CONTENT', 'IF_MATCH_REQUIRED', 'IF_MATCH_INVALID'];

  it('name the same code as the domain for every reason the service raises', () => {
    for (const [reason, code] of Object.entries(LEDGER_ERROR_CODES)) {
      if (raisedByGatewayOnly.includes(reason)) continue;
      expect({ reason, code: (LedgerErrorCodes as Record<string, string>)[reason] }).toEqual({ reason, code });
    }
  });

  it('keep the gateway-only codes in the LEDGER namespace', () => {
    for (const reason of raisedByGatewayOnly) expect((LEDGER_ERROR_CODES as Record<string, string>)[reason]).toBe(`LEDGER.${reason}`);
  });
});
