import { xChannel } from '../../shared/channels/x/x-channel';
import { receiverHandler } from '../receive-webhook/receiver-handler';

/** `/webhooks/x`. */
export const handler = receiverHandler(xChannel);
