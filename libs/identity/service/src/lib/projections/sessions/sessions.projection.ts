import { SessionRevocationReason } from '@credit-bank/contracts';
import { ACCOUNT_STREAM_PREFIX, AccountEvent } from '@credit-bank/identity-domain';
import { assertNever, Projection, ReadStore, RecordedEvent, WriteOp } from '@credit-bank/kernel';

export const SESSIONS_COLLECTION = 'identity_sessions';

/**
 * What ends sessions of an account, one document per account (id = account id), read on every
 * authenticated request (`identity.check-session.v1`). Tokens carry `sid` (their session) and
 * `rev` (the revision of the account stream when they were issued); a token is revoked when
 * `rev < credentialsRevision` (issued before the last password change or reset: a revision
 * orders the two exactly where a JWT `iat` in seconds cannot) or its `sid` is closed.
 */
export interface SessionsDocument {
  /** Stream revision of the last PasswordChanged / PasswordReset. */
  credentialsRevision?: number;
  /**
   * Sessions signed out (安全退出) whose tokens have not expired yet. Entries are dropped once
   * their token expired (judged by the time of each later event, so a replay gives the same
   * document), and all of them at a password change, whose revision revokes them anyway.
   */
  closedSessions: Array<{ sessionId: string; expiresAt: string }>;
  /** The account was erased: every token of it is refused from then on (and nothing more is kept). */
  erased?: true;
}

type SessionEvent = Extract<AccountEvent, { type: 'SignedOut' | 'PasswordChanged' | 'PasswordReset' | 'AccountErased' }>;
const HANDLED = new Set<string>(['SignedOut', 'PasswordChanged', 'PasswordReset', 'AccountErased']);

function isSessionEvent(event: RecordedEvent): event is RecordedEvent<SessionEvent> {
  return event.streamId.startsWith(ACCOUNT_STREAM_PREFIX) && HANDLED.has(event.type);
}

function next(current: SessionsDocument | undefined, event: RecordedEvent<SessionEvent>): SessionsDocument {
  const e = { type: event.type, data: event.data } as SessionEvent;
  switch (e.type) {
    case 'PasswordChanged':
    case 'PasswordReset':
      return { credentialsRevision: event.revision, closedSessions: [] };
    case 'AccountErased':
      return { erased: true, closedSessions: [] };
    case 'SignedOut': {
      const at = Date.parse(e.data.signedOutAt);
      const alive = (current?.closedSessions ?? []).filter((s) => Date.parse(s.expiresAt) > at && s.sessionId !== e.data.sessionId);
      return {
        ...(current?.credentialsRevision !== undefined ? { credentialsRevision: current.credentialsRevision } : {}),
        closedSessions: [...alive, { sessionId: e.data.sessionId, expiresAt: e.data.tokenExpiresAt }],
      };
    }
    default:
      return assertNever(e, 'session event');
  }
}

export class SessionsProjection implements Projection {
  readonly name = 'identity.sessions';

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const sessions = store.collection<SessionsDocument>(SESSIONS_COLLECTION);
    const ops: Array<WriteOp<SessionsDocument>> = [];
    // Each document as it stands after this batch so far, and the position it stands at.
    const batch = new Map<string, { doc: SessionsDocument; position: number }>();
    for (const recorded of events) {
      if (!isSessionEvent(recorded)) continue;
      const id = recorded.data.accountId;
      let current = batch.get(id);
      if (!current) {
        const stored = await sessions.get(id);
        if (stored) {
          const { id: _id, _position, ...doc } = stored;
          current = { doc, position: _position };
        }
      }
      // Already in the stored document (a batch delivered again): nothing to do.
      if (current && recorded.position <= current.position) continue;
      const doc = next(current?.doc, recorded);
      batch.set(id, { doc, position: recorded.position });
      ops.push({ kind: 'upsert', id, doc, position: recorded.position });
    }
    if (ops.length) await sessions.write(ops);
  }
}

/**
 * The verdict on one token of the account: revoked when issued before the last password change
 * or reset (`revision` is its `rev` claim), or when its session was signed out. An account
 * without a document has ended no session.
 */
export function sessionCheck(doc: SessionsDocument | undefined, sessionId: string, revision: number): { active: boolean; reason?: SessionRevocationReason } {
  if (!doc) return { active: true };
  if (doc.erased) return { active: false, reason: 'account-erased' };
  if (doc.credentialsRevision !== undefined && revision < doc.credentialsRevision) return { active: false, reason: 'credentials-changed' };
  if (doc.closedSessions.some((s) => s.sessionId === sessionId)) return { active: false, reason: 'signed-out' };
  return { active: true };
}
