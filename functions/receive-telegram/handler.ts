import { telegramChannel } from '../../shared/channels/telegram/telegram-channel';
import { receiverHandlers } from '../receive-webhook/receiver-handler';

/** `/webhooks/telegram`. */
export const { handler, replay } = receiverHandlers(telegramChannel);
