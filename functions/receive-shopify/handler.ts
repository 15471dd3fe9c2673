import { shopifyChannel } from '../../shared/channels/shopify/shopify-channel';
import { receiverHandlers } from '../../shared/ingest/receiver-handler';

/** `POST /webhooks/shopify`. */
export const { handler, replay } = receiverHandlers(shopifyChannel);
