import { xChannel } from '../../shared/channels/x/x-channel';
import { receiverHandlers } from '../receive-webhook/receiver-handler';

/** `/webhooks/x`. */
export const { handler, replay } = receiverHandlers(xChannel);
