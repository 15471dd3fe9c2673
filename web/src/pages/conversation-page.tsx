import { useEffect, useRef, useState } from 'react';
import type { Conversation, ConversationMessage, ConversationStatus, ConversationView } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { href } from '../router';
import { AsyncView } from '../ui/async-view';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { useApi } from '../ui/use-api';
import { Composer } from './conversation-composer';
import {
  conversationPlatformLabel,
  conversationStatusLabels,
  conversationTitle,
  snoozeDefault,
  statusTicks,
} from './conversation-rules';
import { CustomerSummary } from './customer-summary';

/** How often an open conversation asks for new messages and status ticks. */
const liveRefreshMs = 3000;

/**
 * One conversation: its messages (the customer's, ours with their delivery ticks, private notes),
 * the status and assignment controls and the composer for agents and admins, and the customer's
 * summary beside it; refreshed every few seconds while open.
 */
export function ConversationPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { call } = useSession();
  const [conversation, reload] = useApi(
    () => call<Conversation>('GET', `/api/conversations/${encodeURIComponent(id)}`),
    id,
    liveRefreshMs,
  );
  return (
    <article className="conversation">
      <p>
        <a href={href('/inbox')}>← {t('Inbox')}</a>
      </p>
      <AsyncView state={conversation}>
        {(data) => (
          <>
            <ConversationHeader conversation={data} onChanged={reload} />
            <div className="conversation-columns">
              <section className="thread" aria-label={t('Messages')}>
                <Messages messages={data.messages} />
                <Composer conversation={data} onSent={reload} />
              </section>
              <CustomerSummary customerId={data.customerId} platform={data.platform} />
            </div>
          </>
        )}
      </AsyncView>
    </article>
  );
}

function ConversationHeader({
  conversation,
  onChanged,
}: {
  conversation: ConversationView;
  onChanged: () => Promise<void>;
}) {
  const { t, dateTime } = useI18n();
  const { call, canAnswer, me } = useSession();
  const [error, setError] = useState<string>();
  const [snoozing, setSnoozing] = useState<string>();
  const [busy, setBusy] = useState(false);
  const change = async (body: {
    status?: ConversationStatus;
    assignee?: string | null;
    snoozedUntil?: string;
  }) => {
    setError(undefined);
    setBusy(true);
    try {
      await call<ConversationView>('PUT', `/api/conversations/${encodeURIComponent(conversation.id)}`, body);
      setSnoozing(undefined);
      await onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  const mine = conversation.assignee !== undefined && conversation.assignee === me;
  const assignment = conversation.assignee
    ? mine
      ? t('Assigned to you')
      : t('Assigned to {who}', { who: conversation.assignee })
    : t('Unassigned');
  return (
    <header className="conversation-head">
      <h1>{conversationTitle(conversation)}</h1>
      <p className="muted">
        {conversationPlatformLabel(t, conversation.platform)} ·{' '}
        {t(conversationStatusLabels[conversation.status])}
        {conversation.status === 'snoozed' && conversation.snoozedUntil
          ? ` (${t('Snoozed until {time}', { time: dateTime(conversation.snoozedUntil) })})`
          : ''}{' '}
        · {assignment}
      </p>
      {canAnswer ? (
        <div className="toolbar conversation-controls">
          <Field label={t('Status')}>
            {(fieldId) => (
              <select
                id={fieldId}
                value={snoozing === undefined ? conversation.status : 'snoozed'}
                disabled={busy}
                onChange={(event) => {
                  const status = event.target.value as ConversationStatus;
                  if (status === 'snoozed') setSnoozing(snoozeDefault(new Date()));
                  else {
                    setSnoozing(undefined);
                    void change({ status });
                  }
                }}
              >
                {Object.entries(conversationStatusLabels).map(([value, text]) => (
                  <option key={value} value={value}>
                    {t(text)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {snoozing !== undefined ? (
            <>
              <Field label={t('Snooze until')}>
                {(fieldId) => (
                  <input
                    id={fieldId}
                    type="datetime-local"
                    value={snoozing}
                    required
                    onChange={(event) => setSnoozing(event.target.value)}
                  />
                )}
              </Field>
              <button
                type="button"
                disabled={busy || !snoozing}
                onClick={() =>
                  void change({ status: 'snoozed', snoozedUntil: new Date(snoozing).toISOString() })
                }
              >
                {t('Snooze')}
              </button>
              <button type="button" className="secondary" onClick={() => setSnoozing(undefined)}>
                {t('Cancel')}
              </button>
            </>
          ) : null}
          {mine ? (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => void change({ assignee: null })}
            >
              {t('Unassign')}
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => void change({ assignee: me })}>
              {t('Assign to me')}
            </button>
          )}
        </div>
      ) : null}
      <ErrorMessage message={error} />
    </header>
  );
}

/**
 * The messages, oldest first, in the page's own scroll (not a box of their own, which a long thread
 * would hide behind two scroll bars); the newest is brought into view when it arrives.
 */
function Messages({ messages }: { messages: ConversationMessage[] }) {
  const { t } = useI18n();
  const end = useRef<HTMLLIElement>(null);
  const newest = messages[messages.length - 1]?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls when a new message arrives
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [newest]);
  if (messages.length === 0) return <p className="state empty">{t('No messages yet.')}</p>;
  return (
    <ol className="messages">
      {messages.map((message) => (
        <MessageItem key={message.id} message={message} />
      ))}
      <li ref={end} className="messages-end" aria-hidden="true" />
    </ol>
  );
}

function MessageItem({ message }: { message: ConversationMessage }) {
  const { t, dateTime } = useI18n();
  const tick = message.direction === 'out' && message.status ? statusTicks[message.status] : undefined;
  return (
    <li className={`bubble ${message.direction}`}>
      {message.direction === 'note' ? <p className="note-label">{t('Private note')}</p> : null}
      {message.text ? <p className="text">{message.text}</p> : null}
      {message.template ? (
        <p className="text template">
          {t('Template {name} ({language})', {
            name: message.template.name,
            language: message.template.language,
          })}
          {message.template.parameters?.length ? `: ${message.template.parameters.join(' · ')}` : ''}
        </p>
      ) : null}
      <p className="bubble-meta">
        {message.by ? <span>{t('by {who}', { who: message.by })}</span> : null}
        <time dateTime={message.at}>{dateTime(message.at)}</time>
        {tick && message.status ? (
          <span
            className={`tick ${message.status}`}
            role="img"
            aria-label={t(tick.label)}
            title={t(tick.label)}
          >
            {message.status === 'queued' ? <ClockIcon /> : tick.mark}
          </span>
        ) : null}
      </p>
      {message.status === 'failed' ? (
        <p className="error">{t('Not sent: {error}', { error: message.error ?? t('Failed') })}</p>
      ) : null}
    </li>
  );
}

/**
 * The queued tick (⏱) drawn, not written: few fonts outside an emoji font carry the stopwatch, and
 * a missing glyph would show as a box.
 */
function ClockIcon() {
  return (
    <svg viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">
      <circle cx="8" cy="9" r="6" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path
        d="M8 5.5V9l2.4 1.6M6.5 1.5h3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
    </svg>
  );
}
