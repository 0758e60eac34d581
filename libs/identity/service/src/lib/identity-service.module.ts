import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '@credit-bank/contracts';
import { identitySealing, identityUpcasters } from '@credit-bank/identity-domain';
import { CommandOutcomes, upcastingEventStoreProvider } from '@credit-bank/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { AccountLifeMessagesController } from './account-life-messages.controller';
import { AdministrationMessagesController } from './administration-messages.controller';
import { AdministratorBootstrap } from './administrator/administrator-bootstrap';
import { ApproveInstitutionHandler } from './commands/approve-institution/approve-institution.handler';
import { RejectInstitutionHandler } from './commands/reject-institution/reject-institution.handler';
import { InstitutionDirectory } from './projections/accounts/institution-directory';
import { ListInstitutionsHandler } from './queries/list-institutions/list-institutions.handler';
import { ChangeMobileHandler } from './commands/change-mobile/change-mobile.handler';
import { ChangePasswordHandler } from './commands/change-password/change-password.handler';
import { CloseSessionHandler } from './commands/close-session/close-session.handler';
import { EditProfileHandler } from './commands/edit-profile/edit-profile.handler';
import { EraseAccountHandler } from './commands/erase-account/erase-account.handler';
import { OpenSessionHandler } from './commands/open-session/open-session.handler';
import { RegisterAccountHandler } from './commands/register-account/register-account.handler';
import { RequestSmsCodeHandler } from './commands/request-sms-code/request-sms-code.handler';
import { ResetPasswordHandler } from './commands/reset-password/reset-password.handler';
import { IdentityMessagesController } from './identity-messages.controller';
import { IDENTITY_OPTIONS, IdentityServiceOptions, resolveIdentityOptions } from './identity-options';
import { AccountLookup } from './projections/accounts/account-lookup';
import { IdentityProjectionsHost } from './projections/identity-projections.host';
import { CheckSessionHandler } from './queries/check-session/check-session.handler';
import { ExportPersonalDataHandler } from './queries/export-personal-data/export-personal-data.handler';
import { GetMeHandler } from './queries/get-me/get-me.handler';
import { IdentityIntegrationRelay } from './relay/identity-integration.relay';
import { PasswordAttempts } from './security/password-attempts';
import { PasswordHasher } from './security/password-hasher';
import { SmsCodes } from './sms/sms-codes';
import { UniqueValues } from './uniqueness/unique-values';
import { QualificationDirectory } from './directory/qualification-directory';

export type { IdentityServiceOptions } from './identity-options';

/**
 * Accounts, SMS codes and sessions. Needs the EVENT_STORE, READ_STORE and SMS_SENDER ports (and
 * BUS_CLIENT to publish integration events and to ask the catalog's directory of institutions)
 * from the InfrastructureModule; reads its events through `identityUpcasters` and stores the
 * personal fields of `identitySealing` only sealed (SUBJECT_KEY_STORE).
 */
@Module({})
export class IdentityServiceModule {
  static forRoot(options: IdentityServiceOptions): DynamicModule {
    const resolved = resolveIdentityOptions(options);
    return {
      module: IdentityServiceModule,
      imports: [
        CqrsModule.forRoot(),
        JwtModule.register({
          secret: resolved.jwtSecret,
          signOptions: { algorithm: 'HS256', expiresIn: resolved.jwtTtlSeconds, issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE },
        }),
      ],
      controllers: [IdentityMessagesController, AdministrationMessagesController, AccountLifeMessagesController],
      providers: [
        upcastingEventStoreProvider(identityUpcasters, identitySealing),
        { provide: IDENTITY_OPTIONS, useValue: resolved },
        PasswordAttempts,
        CommandOutcomes,
        PasswordHasher,
        SmsCodes,
        UniqueValues,
        AccountLookup,
        IdentityProjectionsHost,
        IdentityIntegrationRelay,
        RequestSmsCodeHandler,
        RegisterAccountHandler,
        OpenSessionHandler,
        ChangePasswordHandler,
        GetMeHandler,
        InstitutionDirectory, AdministratorBootstrap, ApproveInstitutionHandler, RejectInstitutionHandler, ListInstitutionsHandler,
        QualificationDirectory,
        CheckSessionHandler, CloseSessionHandler, ResetPasswordHandler, ChangeMobileHandler, EditProfileHandler,
        EraseAccountHandler, ExportPersonalDataHandler,
      ],
    };
  }
}
