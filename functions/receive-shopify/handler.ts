import { shopifyChannel } from '../../shared/channels/shopify/shopify-channel';
import { receiverHandler } from '../receive-webhook/receiver-handler';

/** `POST /webhooks/shopify`. */
export const handler = receiverHandler(shopifyChannel);
