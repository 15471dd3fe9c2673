import { telegramChannel } from '../../shared/channels/telegram/telegram-channel';
import { receiverHandlers } from '../../shared/ingest/receiver-handler';

/** `/webhooks/telegram`. */
export const { handler, replay } = receiverHandlers(telegramChannel);
