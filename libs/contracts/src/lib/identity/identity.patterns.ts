/** Request-reply patterns of the identity service (payloads travel in a BusEnvelope). */
export const IDENTITY_PATTERNS = {
  /** RequestSmsCodeDto → SmsCodeRequestedResponse */
  requestSmsCode: 'identity.request-sms-code.v1',
  /** RegisterIndividualDto | RegisterInstitutionDto → AccountCreatedResponse */
  registerAccount: 'identity.register-account.v1',
  /** OpenSessionDto → SessionResponse */
  openSession: 'identity.open-session.v1',
  /** {} (the actor comes from the envelope) → MeResponse */
  getMe: 'identity.get-me.v1',
  /** ChangePasswordDto (actor from the envelope) → void */
  changePassword: 'identity.change-password.v1',
  /** ListInstitutionsDto (administrator) → InstitutionPage */
  listInstitutions: 'identity.list-institutions.v1',
  /**
   * ApproveInstitutionMessageDto `{id, institutionId?}` (administrator) → InstitutionView: approves
   * a pending account (or links an active unlinked one) to a directory institution, given or found
   * by the account's credit code (`catalog.search-institutions.v1`)
   */
  approveInstitution: 'identity.approve-institution.v1',
  /** RejectInstitutionMessageDto (administrator) → InstitutionView */
  rejectInstitution: 'identity.reject-institution.v1',
  /** CheckSessionDto (actor from the envelope) → SessionCheckResponse; asked by the gateway on every authenticated request */
  checkSession: 'identity.check-session.v1',
  /** CloseSessionDto (actor from the envelope) → void: 安全退出 */
  closeSession: 'identity.close-session.v1',
  /** ResetPasswordDto (anonymous) → void: 忘记密码 */
  resetPassword: 'identity.reset-password.v1',
  /** ChangeMobileDto (actor from the envelope) → MeResponse */
  changeMobile: 'identity.change-mobile.v1',
  /** EditProfileDto (actor from the envelope) → MeResponse */
  editProfile: 'identity.edit-profile.v1',
  /** EraseAccountDto (the learner, actor from the envelope) → void: 注销账户 */
  eraseAccount: 'identity.erase-account.v1',
  /** EraseAccountByAdministratorMessageDto (administrator) → AccountErasureReceipt */
  eraseAccountByAdministrator: 'identity.erase-account-by-administrator.v1',
  /** {} (actor from the envelope) → PersonalDataExport['identity']: what identity holds about the caller */
  exportPersonalData: 'identity.export-personal-data.v1',
  /** anything → { status: 'up' | 'down', details } */
  health: 'identity.health.v1',
} as const;
