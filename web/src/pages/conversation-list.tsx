import { query } from '../api/client';
import type { ConversationStatus, ConversationView, Page } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { href } from '../router';
import { AsyncView } from '../ui/async-view';
import { Field } from '../ui/field';
import { PagerControls, usePager } from '../ui/pager';
import { useApi } from '../ui/use-api';
import {
  type AssigneeFilter,
  assigneeFilters,
  conversationPlatformLabel,
  conversationQuery,
  conversationStatusLabels,
  conversationTitle,
  inboxOrder,
} from './conversation-rules';

/** How often the Inbox asks for new conversations and messages. */
const listRefreshMs = 5000;

function statusFilter(value: string | null): ConversationStatus | 'all' {
  if (value === 'all') return 'all';
  return value !== null && Object.hasOwn(conversationStatusLabels, value)
    ? (value as ConversationStatus)
    : 'open';
}

function assigneeFilter(value: string | null): AssigneeFilter {
  return value !== null && Object.hasOwn(assigneeFilters, value) ? (value as AssigneeFilter) : 'all';
}

/**
 * The Inbox: conversations filtered by status (open by default) and assignee, unread first and then
 * by last activity, each a link named by the customer; refreshed every few seconds and paged.
 */
export function ConversationList({ params }: { params: URLSearchParams }) {
  const { t } = useI18n();
  const { call } = useSession();
  const status = statusFilter(params.get('status'));
  const assignee = assigneeFilter(params.get('assignee'));
  const pager = usePager();
  const [conversations] = useApi(
    () =>
      call<Page<ConversationView>>(
        'GET',
        `/api/conversations${query({ ...conversationQuery(status, assignee), limit: 25, cursor: pager.cursor })}`,
      ),
    `${status}|${assignee}|${pager.key}`,
    listRefreshMs,
  );
  const filter = (next: { status?: string; assignee?: string }) => {
    pager.reset();
    location.hash = href('/inbox', { status, assignee, ...next });
  };
  return (
    <section className="inbox">
      <h1>{t('Inbox')}</h1>
      <form className="toolbar" onSubmit={(event) => event.preventDefault()}>
        <Field label={t('Status')}>
          {(id) => (
            <select id={id} value={status} onChange={(event) => filter({ status: event.target.value })}>
              {Object.entries(conversationStatusLabels).map(([value, text]) => (
                <option key={value} value={value}>
                  {t(text)}
                </option>
              ))}
              <option value="all">{t('All')}</option>
            </select>
          )}
        </Field>
        <Field label={t('Assignee')}>
          {(id) => (
            <select id={id} value={assignee} onChange={(event) => filter({ assignee: event.target.value })}>
              {Object.entries(assigneeFilters).map(([value, text]) => (
                <option key={value} value={value}>
                  {t(text)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <AsyncView
        state={conversations}
        isEmpty={(page) => page.items.length === 0}
        empty={t('No conversations here.')}
      >
        {(page) => (
          <>
            <ul className="conversations">
              {inboxOrder(page.items).map((conversation) => (
                <ConversationRow key={conversation.id} conversation={conversation} />
              ))}
            </ul>
            <PagerControls pager={pager} nextCursor={page.cursor} />
          </>
        )}
      </AsyncView>
    </section>
  );
}

function ConversationRow({ conversation }: { conversation: ConversationView }) {
  const { t, dateTime } = useI18n();
  const { me } = useSession();
  return (
    <li className={conversation.unread ? 'conversation-row unread' : 'conversation-row'}>
      <div className="row-head">
        {conversation.unread ? (
          <span className="unread-dot" role="img" aria-label={t('Unread')} title={t('Unread')} />
        ) : null}
        <a href={href(`/inbox/${encodeURIComponent(conversation.id)}`)}>{conversationTitle(conversation)}</a>
        <span className="kind">{conversationPlatformLabel(t, conversation.platform)}</span>
        <time dateTime={conversation.lastMessageAt}>{dateTime(conversation.lastMessageAt)}</time>
      </div>
      {conversation.preview ? <p className="preview">{conversation.preview}</p> : null}
      <p className="row-meta">
        {conversation.status === 'snoozed' && conversation.snoozedUntil
          ? t('Snoozed until {time}', { time: dateTime(conversation.snoozedUntil) })
          : t(conversationStatusLabels[conversation.status])}
        {' · '}
        {conversation.assignee
          ? conversation.assignee === me
            ? t('Assigned to you')
            : t('Assigned to {who}', { who: conversation.assignee })
          : t('Unassigned')}
      </p>
    </li>
  );
}
