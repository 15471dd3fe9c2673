import { xChannel } from '../../shared/channels/x/x-channel';
import { receiverHandlers } from '../../shared/ingest/receiver-handler';

/** `/webhooks/x`. */
export const { handler, replay } = receiverHandlers(xChannel);
