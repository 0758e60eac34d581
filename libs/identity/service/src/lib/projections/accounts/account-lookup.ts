import { isMainlandMobile, normalizeEmail, usernameKey } from '@credit-bank/identity-domain';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject, Injectable } from '@nestjs/common';
import { ACCOUNTS_COLLECTION, AccountDocument } from './accounts.projection';

/**
 * Finds an account in the read model by what a user types to sign in: a mobile number (11
 * digits), an email (has `@`) or a username (neither: usernames are never all digits and never
 * hold `@`, so the three cannot be confused).
 */
@Injectable()
export class AccountLookup {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async byIdentifier(identifier: string): Promise<(AccountDocument & { id: string }) | undefined> {
    const value = identifier.trim();
    const where: Record<string, string> = isMainlandMobile(value) ? { mobile: value } : value.includes('@') ? { email: normalizeEmail(value) } : { usernameKey: usernameKey(value) };
    const [found] = await this.accounts().find({ where, limit: 1 });
    return found;
  }

  async byId(accountId: string): Promise<(AccountDocument & { id: string }) | undefined> {
    return this.accounts().get(accountId);
  }

  private accounts() {
    return this.readStore.collection<AccountDocument>(ACCOUNTS_COLLECTION);
  }
}
