import { SealingPolicy } from '@credit-bank/kernel';

/**
 * The personal fields of the identity service's events, stored only sealed with the key of the
 * account they describe (`SealingEventStore`): erasing the account destroys that key and these
 * fields read as null (`erased: true`) for ever after, while the history and its hash chain stay.
 * What stays in clear is what decisions need to remain attributable: ids, the account type, an
 * institution's name and credit code, who decided what and when.
 */
export const identitySealing: SealingPolicy = {
  AccountRegistered: {
    subject: 'accountId',
    fields: ['username', 'passwordHash', 'realName', 'nationality', 'nationalityCode', 'ethnicity', 'ethnicityCode', 'gender', 'idNumber', 'birthDate', 'email', 'address', 'mobile'],
  },
  InstitutionRegistered: { subject: 'accountId', fields: ['username', 'passwordHash', 'contactName', 'email', 'mobile'] },
  AdministratorRegistered: { subject: 'accountId', fields: ['passwordHash'] },
  PasswordChanged: { subject: 'accountId', fields: ['passwordHash'] },
  PasswordReset: { subject: 'accountId', fields: ['passwordHash'] },
  MobileChanged: { subject: 'accountId', fields: ['mobile', 'previousMobile'] },
  EmailChanged: { subject: 'accountId', fields: ['email', 'previousEmail'] },
  AddressChanged: { subject: 'accountId', fields: ['address'] },
};
