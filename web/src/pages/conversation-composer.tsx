import { type FormEvent, useEffect, useState } from 'react';
import type { Conversation, PostedMessage, RegisteredTemplate } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { useApi } from '../ui/use-api';
import { conversationPlatformLabel, templateKey, templatesFor, windowLeft } from './conversation-rules';

type SendBody =
  | { text: string }
  | { note: string }
  | { template: { name: string; language: string; parameters?: string[] } };

/**
 * What an agent or admin writes: free text while the platform's window is open (with the time
 * left), a registered template once it has closed (with why), and private notes either way. A
 * refusal (409: window closed, opted out, no channel) is shown as the API words it. A viewer gets
 * a sentence instead of controls.
 */
export function Composer({
  conversation,
  onSent,
}: {
  conversation: Conversation;
  onSent: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { call, canAnswer } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!canAnswer) {
    return (
      <p className="muted read-only">
        {t('You can read this conversation; answering it takes the agent role.')}
      </p>
    );
  }
  const send = async (body: SendBody): Promise<boolean> => {
    setError(undefined);
    setBusy(true);
    try {
      await call<PostedMessage>(
        'POST',
        `/api/conversations/${encodeURIComponent(conversation.id)}/messages`,
        body,
      );
      await onSent();
      return true;
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      // A refusal may mean the window closed meanwhile: show the conversation as it is now.
      await onSent().catch(() => undefined);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="composer">
      <WindowNotice conversation={conversation} />
      {conversation.window.open ? (
        <FreeText busy={busy} send={send} />
      ) : (
        <>
          <TemplateForm platform={conversation.platform} busy={busy} send={send} />
          <NoteForm busy={busy} send={send} />
        </>
      )}
      <ErrorMessage message={error} />
    </div>
  );
}

/** The time left to write freely, or why only a template may be sent now. */
function WindowNotice({ conversation }: { conversation: Conversation }) {
  const { t, dateTime } = useI18n();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const platform = conversationPlatformLabel(t, conversation.platform);
  if (!conversation.window.open) {
    return (
      <p className="window closed">
        {conversation.window.closesAt
          ? t(
              'The window for free text closed on {time}: {platform} lets a business write freely only for a while after the customer’s last message. Send an approved template to write again.',
              { time: dateTime(conversation.window.closesAt), platform },
            )
          : t(
              'The window for free text is closed: {platform} lets a business write freely only for a while after the customer’s last message. Send an approved template to write again.',
              { platform },
            )}
      </p>
    );
  }
  const left = windowLeft(conversation.window.closesAt, now);
  if (!left) return null;
  return (
    <p className="window">
      {left.hours > 0
        ? t('Window closes in {hours} h {minutes} min', left)
        : t('Window closes in {minutes} min', { minutes: left.minutes })}
    </p>
  );
}

function FreeText({ busy, send }: { busy: boolean; send: (body: SendBody) => Promise<boolean> }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const submit = async (body: SendBody) => {
    if (await send(body)) setText('');
  };
  return (
    <form
      className="compose-form"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void submit({ text: text.trim() });
      }}
    >
      <Field label={t('Reply')}>
        {(id) => <textarea id={id} rows={3} value={text} onChange={(event) => setText(event.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={busy || !text.trim()}>
          {t('Send')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy || !text.trim()}
          onClick={() => void submit({ note: text.trim() })}
        >
          {t('Add note')}
        </button>
      </div>
    </form>
  );
}

function NoteForm({ busy, send }: { busy: boolean; send: (body: SendBody) => Promise<boolean> }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  return (
    <form
      className="compose-form"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void send({ note: note.trim() }).then((sent) => sent && setNote(''));
      }}
    >
      <Field label={t('Note')}>
        {(id) => <textarea id={id} rows={2} value={note} onChange={(event) => setNote(event.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="secondary" disabled={busy || !note.trim()}>
          {t('Add note')}
        </button>
      </div>
    </form>
  );
}

function TemplateForm({
  platform,
  busy,
  send,
}: {
  platform: string;
  busy: boolean;
  send: (body: SendBody) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const { call } = useSession();
  const [registered] = useApi(
    () => call<{ items: RegisteredTemplate[] }>('GET', '/api/message-templates'),
    'message-templates',
  );
  const [chosen, setChosen] = useState('');
  const [parameters, setParameters] = useState<string[]>([]);
  const templates = registered.status === 'ready' ? templatesFor(registered.data.items, platform) : [];
  const template = templates.find((candidate) => templateKey(candidate) === chosen);
  const filled =
    template !== undefined && parameters.slice(0, template.parameters).every((value) => value.trim());
  return (
    <form
      className="compose-form"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        if (!template) return;
        const values = Array.from({ length: template.parameters }, (_, index) =>
          (parameters[index] ?? '').trim(),
        );
        void send({
          template: {
            name: template.name,
            language: template.language,
            ...(values.length ? { parameters: values } : {}),
          },
        }).then((sent) => {
          if (!sent) return;
          setChosen('');
          setParameters([]);
        });
      }}
    >
      <Field label={t('Template')}>
        {(id) => (
          <select
            id={id}
            value={chosen}
            onChange={(event) => {
              setChosen(event.target.value);
              setParameters([]);
            }}
          >
            <option value="">{t('Choose a template')}</option>
            {templates.map((candidate) => (
              <option key={templateKey(candidate)} value={templateKey(candidate)}>
                {candidate.name} ({candidate.language})
              </option>
            ))}
          </select>
        )}
      </Field>
      {registered.status === 'ready' && templates.length === 0 ? (
        <p className="muted">
          {t('No templates are registered for {platform}.', {
            platform: conversationPlatformLabel(t, platform),
          })}
        </p>
      ) : null}
      {registered.status === 'error' ? <ErrorMessage message={registered.message} /> : null}
      {template?.text ? <p className="template-text">{filledTemplate(template.text, parameters)}</p> : null}
      {template
        ? Array.from({ length: template.parameters }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a template's parameters are positional ({{1}}, {{2}}…)
            <Field key={`${chosen}-${index}`} label={t('Parameter {number}', { number: index + 1 })}>
              {(id) => (
                <input
                  id={id}
                  value={parameters[index] ?? ''}
                  onChange={(event) =>
                    setParameters((current) => {
                      const next = [...current];
                      next[index] = event.target.value;
                      return next;
                    })
                  }
                />
              )}
            </Field>
          ))
        : null}
      <div className="actions">
        <button type="submit" disabled={busy || !filled}>
          {t('Send')}
        </button>
      </div>
    </form>
  );
}

/** A template's text with the parameters filled so far in place of their `{{n}}`. */
function filledTemplate(text: string, parameters: readonly string[]): string {
  return text.replace(
    /\{\{(\d+)\}\}/g,
    (placeholder, number: string) => parameters[Number(number) - 1]?.trim() || placeholder,
  );
}
