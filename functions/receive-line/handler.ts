import { lineChannel } from '../../shared/channels/line/line-channel';
import { receiverHandlers } from '../../shared/ingest/receiver-handler';

/** `/webhooks/line`. */
export const { handler, replay } = receiverHandlers(lineChannel);
