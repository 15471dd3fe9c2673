import { lineChannel } from '../../shared/channels/line/line-channel';
import { receiverHandler } from '../receive-webhook/receiver-handler';

/** `/webhooks/line`. */
export const handler = receiverHandler(lineChannel);
