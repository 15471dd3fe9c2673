import { ConversationList } from './conversation-list';
import { ConversationPage } from './conversation-page';

/**
 * The shared inbox for service staff: the conversations (`#/inbox`, filtered by status and
 * assignee) or one of them open (`#/inbox/<id>`) with its composer and the customer beside it.
 */
export default function InboxPage({
  conversationId,
  params,
}: {
  conversationId?: string | undefined;
  params: URLSearchParams;
}) {
  return conversationId ? <ConversationPage id={conversationId} /> : <ConversationList params={params} />;
}
