export * from './lib/identity-service.module';
export { IDENTITY_OPTIONS } from './lib/identity-options';
export { IdentityIntegrationRelay, mapIdentityEvent } from './lib/relay/identity-integration.relay';
export { ACCOUNTS_COLLECTION, AccountsProjection } from './lib/projections/accounts/accounts.projection';
export { identityProjections } from './lib/projections/identity-read-models';
export { AdministratorBootstrap, administratorIdOf, describeAdministrator } from './lib/administrator/administrator-bootstrap';
export type { AdministratorOutcome } from './lib/administrator/administrator-bootstrap';
