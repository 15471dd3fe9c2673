import { telegramChannel } from '../../shared/channels/telegram/telegram-channel';
import { receiverHandler } from '../receive-webhook/receiver-handler';

/** `/webhooks/telegram`. */
export const handler = receiverHandler(telegramChannel);
