import { shopifyChannel } from '../../shared/channels/shopify/shopify-channel';
import { receiverHandlers } from '../receive-webhook/receiver-handler';

/** `POST /webhooks/shopify`. */
export const { handler, replay } = receiverHandlers(shopifyChannel);
