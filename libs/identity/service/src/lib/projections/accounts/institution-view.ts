import { InstitutionView } from '@credit-bank/contracts';
import { AccountDocument } from './accounts.projection';

/** An institution account of the read model as the administrator sees it. */
export function institutionView(doc: AccountDocument & { id: string }): InstitutionView {
  return {
    id: doc.id,
    username: doc.username,
    name: doc.name ?? '',
    unifiedSocialCreditCode: doc.unifiedSocialCreditCode ?? '',
    contactName: doc.contactName ?? '',
    email: doc.email ?? '',
    mobile: doc.mobile ?? '',
    status: doc.status,
    registeredAt: doc.registeredAt,
    ...(doc.decidedAt ? { decidedAt: doc.decidedAt } : {}),
    ...(doc.decidedBy ? { decidedBy: doc.decidedBy } : {}),
    ...(doc.rejectionReason ? { rejectionReason: doc.rejectionReason } : {}),
    institutionId: doc.institutionId ?? null,
    ...(doc.institutionName ? { institutionName: doc.institutionName } : {}),
  };
}
