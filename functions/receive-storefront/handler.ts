import { storefrontChannel } from '../../shared/channels/storefront/storefront-channel';
import { receiverHandlers } from '../../shared/ingest/receiver-handler';

/** `/webhooks/storefront`. */
export const { handler, replay } = receiverHandlers(storefrontChannel);
