import { InboxMessageKind } from '@credit-bank/contracts';
import { ACHIEVEMENT_STREAM_PREFIX, achievementSummary, AchievementDetails, ConversionAppliedData, INBOX_STREAM_PREFIX, LEARNING_ACCOUNT_STREAM_PREFIX } from '@credit-bank/ledger-domain';
import { Projection, ReadStore, RecordedEvent } from '@credit-bank/kernel';
import { BatchDocuments } from '../batch-documents';

/** v3: each addressee's counts kept beside the messages (the v2 collections and `ledger_inbox`, `ledger_inbox_subjects` are superseded). */
export const INBOX_COLLECTION = 'ledger_inbox_v3';
/** Internal to the projection: achievement names and owners, application targets. */
export const INBOX_SUBJECTS_COLLECTION = 'ledger_inbox_subjects_v3';
/** One document per addressee (its id): how many messages it has and how many are unread. */
export const INBOX_COUNTS_COLLECTION = 'ledger_inbox_counts_v3';

export interface InboxCountsDocument {
  total: number;
  unread: number;
}

/**
 * Whom a message is for: an account (a learner, or an institution account about itself), a
 * directory institution (all accounts linked to it) by id — never by name — or 管理中心.
 */
export const accountAddressee = (accountId: string): string => `account:${accountId}`;
export const institutionAddressee = (institutionId: string): string => `institution:${institutionId}`;
export const ADMINISTRATION_ADDRESSEE = 'administration';

export interface InboxDocument {
  addressee: string;
  kind: InboxMessageKind;
  title: string;
  body: string;
  achievementId?: string;
  applicationId?: string;
  createdAt: string;
  /** Global position of the event that made it: the inbox's order. */
  createdSeq: number;
  read: boolean;
  readAt: string | null;
}

interface SubjectDocument {
  ownerId: string;
  name: string;
  /** For an application: the awarding institution (its directory id) and the achievements it used. */
  awardingInstitutionId?: string;
  achievementIds?: string[];
  /** For an application: approved (only an approved conversion is flagged when a source is revoked). */
  approved?: boolean;
}

const targetText = (t: ConversionAppliedData['target']): string => `${t.awardingInstitution}「${t.programme}${t.course ? ` · ${t.course}` : ''}」${t.credits} 学分`;

/**
 * ledger_inbox (收件箱): one message per event that someone should hear of —
 * a request submitted (to the responsible institution), recognised / rejected / returned (to the
 * learner), a conversion applied (to the awarding institution), approved / rejected (to the
 * learner) — and InboxMessageRead marks. A message's id is the id of the event it came from, and
 * every document keeps the position of the last event applied, so a replay changes nothing.
 */
export class InboxProjection implements Projection {
  /**
   * v3: the counts an inbox page shows (total, unread) kept per addressee, so a page never counts
   * the addressee's messages (an institution's grow with every request it receives). v2:
   * institutions addressed by directory id; routing, revocation and flagged-conversion messages.
   */
  readonly name = 'ledger.inbox.v3';
  readonly supersedes = ['ledger_inbox', 'ledger_inbox_subjects', 'ledger_inbox_v2', 'ledger_inbox_subjects_v2'];
  readonly indexes = [{ collection: INBOX_COLLECTION, fields: ['addressee', 'createdSeq'] }];

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const messages = new BatchDocuments<InboxDocument>(store.collection(INBOX_COLLECTION));
    const subjects = new BatchDocuments<SubjectDocument>(store.collection(INBOX_SUBJECTS_COLLECTION));
    const counts = new BatchDocuments<InboxCountsDocument>(store.collection(INBOX_COUNTS_COLLECTION));
    /**
     * A message posted or read changes its addressee's counts once: the counts are guarded by
     * position too, and written before the messages, so a batch retried after a failure between
     * the two writes neither counts a message twice nor misses it.
     */
    const count = async (addressee: string, position: number, total: number, unread: number) => {
      if (await counts.stale(addressee, position)) return;
      const before = (await counts.get(addressee))?.doc ?? { total: 0, unread: 0 };
      counts.put(addressee, { total: before.total + total, unread: before.unread + unread }, position);
    };

    const subject = async (id: string): Promise<SubjectDocument | undefined> => (await subjects.get(id))?.doc ?? undefined;
    /** One message of the event; an event that tells several addressees gives each a `suffix`. */
    const post = async (event: RecordedEvent, message: Omit<InboxDocument, 'createdAt' | 'createdSeq' | 'read' | 'readAt'>, suffix = '') => {
      const id = `${event.metadata.eventId}${suffix}`;
      if (await messages.stale(id, event.position)) return;
      messages.put(id, { ...message, createdAt: event.metadata.occurredAt, createdSeq: event.position, read: false, readAt: null }, event.position);
      await count(message.addressee, event.position, 1, 1);
    };

    // What the batch can touch, in one round per collection (an application a revocation names is
    // known only from its subject: that one is looked up on its own).
    const messageIds: string[] = [];
    const subjectIds: string[] = [];
    for (const event of events) {
      const data = event.data as Record<string, any>;
      if (event.streamId.startsWith(ACHIEVEMENT_STREAM_PREFIX)) {
        messageIds.push(event.metadata.eventId, `${event.metadata.eventId}:awarding-institution`, `${event.metadata.eventId}:administration`);
        subjectIds.push(`achievement:${String(data.achievementId)}`, `achievement-used:${String(data.achievementId)}`);
      } else if (event.streamId.startsWith(LEARNING_ACCOUNT_STREAM_PREFIX)) {
        messageIds.push(event.metadata.eventId);
        subjectIds.push(`application:${String(data.applicationId)}`);
        if (Array.isArray(data.achievementIds)) subjectIds.push(...data.achievementIds.map((id: unknown) => `achievement-used:${String(id)}`));
      } else if (event.streamId.startsWith(INBOX_STREAM_PREFIX)) {
        messageIds.push(event.type === 'InboxMessageRead' ? String(data.messageId) : event.metadata.eventId);
      }
    }
    await Promise.all([messages.load(messageIds), subjects.load(subjectIds)]);

    for (const event of events) {
      const data = event.data as Record<string, any>;
      if (event.streamId.startsWith(ACHIEVEMENT_STREAM_PREFIX)) {
        const achievementId = String(data.achievementId);
        const key = `achievement:${achievementId}`;
        switch (event.type) {
          case 'AchievementStored': {
            const { achievementId: _a, ownerId, storedAt: _s, ...details } = data;
            if (!(await subjects.stale(key, event.position))) subjects.put(key, { ownerId, name: achievementSummary(details as AchievementDetails).achievementName }, event.position);
            break;
          }
          case 'AchievementAmended': {
            const current = await subject(key);
            const changes = data.changes as Partial<AchievementDetails>;
            if (!current || (await subjects.stale(key, event.position)) || !(changes.catalogItem || changes.custom)) break;
            const name = changes.catalogItem?.achievementName ?? changes.custom?.name ?? current.name;
            subjects.put(key, { ...current, name }, event.position);
            break;
          }
          case 'RecognitionRequested': {
            const current = await subject(key);
            const toInstitution = data.routing === 'institution' && typeof data.responsibleInstitutionId === 'string';
            await post(event, {
              addressee: toInstitution ? institutionAddressee(data.responsibleInstitutionId) : ADMINISTRATION_ADDRESSEE,
              kind: toInstitution ? 'recognition-requested' : 'recognition-awaiting-routing',
              title: toInstitution ? '新的认定申请' : '待分派的认定申请',
              body: toInstitution
                ? `学习成果「${current?.name ?? achievementId}」已提交认定，请受理。`
                : `学习成果「${current?.name ?? achievementId}」提交认定，所填机构「${data.responsibleInstitution}」没有可受理的机构账户，请分派或退回。`,
              achievementId,
            });
            break;
          }
          case 'RecognitionRouted': {
            const current = await subject(key);
            await post(event, {
              addressee: institutionAddressee(String(data.institutionId)),
              kind: 'recognition-requested',
              title: '新的认定申请',
              body: `管理中心分派学习成果「${current?.name ?? achievementId}」的认定申请，请受理。`,
              achievementId,
            });
            break;
          }
          case 'RecognitionRoutingDeclined': {
            const current = await subject(key);
            if (!current) break;
            await post(event, {
              addressee: accountAddressee(current.ownerId),
              kind: 'achievement-returned',
              title: '退回修改',
              body: `您的学习成果「${current.name}」被管理中心退回修改。原因：${data.reason}`,
              achievementId,
            });
            break;
          }
          case 'RecognitionRevoked': {
            const current = await subject(key);
            await post(event, {
              addressee: accountAddressee(String(data.ownerId)),
              kind: 'recognition-revoked',
              title: '认定已撤销',
              body: `您的学习成果「${current?.name ?? achievementId}」的认定已被${data.revokerRole === 'admin' ? '管理中心' : '认定机构'}撤销，${data.credits} 学分不再计入学习账户。原因：${data.reason}`,
              achievementId,
            });
            // An approved conversion that spent it stays as decided: flagged to those who decide on it.
            const applicationId = (await subject(`achievement-used:${achievementId}`))?.name;
            const application = applicationId ? await subject(`application:${applicationId}`) : undefined;
            if (applicationId && application?.approved && application.awardingInstitutionId) {
              const flagged = {
                kind: 'conversion-flagged' as const,
                title: '已通过的转换涉及被撤销的认定',
                body: `转换申请（${application.name}）所用的学习成果「${current?.name ?? achievementId}」的认定已被撤销（原因：${data.reason}），请复核该转换。`,
                achievementId,
                applicationId,
              };
              await post(event, { addressee: institutionAddressee(application.awardingInstitutionId), ...flagged }, ':awarding-institution');
              await post(event, { addressee: ADMINISTRATION_ADDRESSEE, ...flagged }, ':administration');
            }
            break;
          }
          case 'AchievementRecognised':
            await post(event, {
              addressee: accountAddressee(String(data.ownerId)),
              kind: 'achievement-recognised',
              title: '认定通过',
              body: `您的学习成果「${(await subject(key))?.name ?? achievementId}」已由${data.institutionName}认定通过：资历框架等级 ${data.frameworkLevel} 级，${data.credits} 学分。`,
              achievementId,
            });
            break;
          case 'RecognitionRejected':
          case 'AchievementReturned': {
            const current = await subject(key);
            if (!current) break;
            const rejected = event.type === 'RecognitionRejected';
            await post(event, {
              addressee: accountAddressee(current.ownerId),
              kind: rejected ? 'recognition-rejected' : 'achievement-returned',
              title: rejected ? '认定不通过' : '退回修改',
              body: `您的学习成果「${current.name}」${rejected ? '未通过认定' : '被退回修改'}（${data.institutionName}）。原因：${data.reason}`,
              achievementId,
            });
            break;
          }
          default:
            break;
        }
      } else if (event.streamId.startsWith(LEARNING_ACCOUNT_STREAM_PREFIX)) {
        const learnerId = event.streamId.slice(LEARNING_ACCOUNT_STREAM_PREFIX.length);
        const applicationId = String(data.applicationId);
        const key = `application:${applicationId}`;
        switch (event.type) {
          case 'ConversionApplied': {
            const applied = data as ConversionAppliedData;
            if (!(await subjects.stale(key, event.position))) {
              subjects.put(key, { ownerId: learnerId, name: targetText(applied.target), awardingInstitutionId: applied.target.awardingInstitutionId, achievementIds: applied.achievementIds }, event.position);
              for (const achievementId of applied.achievementIds) {
                const used = `achievement-used:${achievementId}`;
                if (!(await subjects.stale(used, event.position))) subjects.put(used, { ownerId: learnerId, name: applicationId }, event.position);
              }
            }
            await post(event, {
              addressee: institutionAddressee(applied.target.awardingInstitutionId),
              kind: 'conversion-applied',
              title: applied.kind === 'work-performance' ? '新的业绩类成果转换申请' : '新的转换成果申请',
              body: `转换申请：${targetText(applied.target)}，使用 ${applied.achievementIds.length} 项学习成果（规则版本 ${applied.ruleVersion}），请审核。`,
              applicationId,
            });
            break;
          }
          case 'ConversionApproved':
          case 'ConversionRejected': {
            const approved = event.type === 'ConversionApproved';
            const application = await subject(key);
            if (application && !(await subjects.stale(key, event.position))) subjects.put(key, { ...application, approved }, event.position);
            const target = application?.name ?? applicationId;
            await post(event, {
              addressee: accountAddressee(learnerId),
              kind: approved ? 'conversion-approved' : 'conversion-rejected',
              title: approved ? '转换通过' : '转换不通过',
              body: approved ? `您的转换申请（${target}）已通过。` : `您的转换申请（${target}）未通过。原因：${data.reason}`,
              applicationId,
            });
            break;
          }
          default:
            break;
        }
      } else if (event.streamId.startsWith(INBOX_STREAM_PREFIX) && event.type === 'InstitutionDecisionNoted') {
        const approved = data.decision === 'approved';
        await post(event, {
          addressee: accountAddressee(String(data.accountId)),
          kind: approved ? 'institution-approved' : 'institution-rejected',
          title: approved ? '机构审核通过' : '机构审核未通过',
          body: approved
            ? `贵机构「${data.institutionName}」的账户已通过管理中心审核${data.institutionId ? '，可受理本机构的认定与转换申请' : '；管理中心将其关联到资历机构目录后方可受理申请'}。`
            : `贵机构「${data.institutionName}」的账户未通过管理中心审核。原因：${data.reason ?? ''}`,
        });
      } else if (event.streamId.startsWith(INBOX_STREAM_PREFIX) && event.type === 'InboxMessageRead') {
        const id = String(data.messageId);
        const current = await messages.get(id);
        if (!current?.doc || current.position >= event.position) continue;
        messages.put(id, { ...current.doc, read: true, readAt: String(data.readAt) }, event.position);
        if (!current.doc.read) await count(current.doc.addressee, event.position, 0, -1);
      }
    }
    await subjects.flush();
    await counts.flush();
    await messages.flush();
  }
}
