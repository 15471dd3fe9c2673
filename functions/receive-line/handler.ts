import { lineChannel } from '../../shared/channels/line/line-channel';
import { receiverHandlers } from '../receive-webhook/receiver-handler';

/** `/webhooks/line`. */
export const { handler, replay } = receiverHandlers(lineChannel);
