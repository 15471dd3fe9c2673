import { storefrontChannel } from '../../shared/channels/storefront/storefront-channel';
import { receiverHandler } from '../receive-webhook/receiver-handler';

/** `/webhooks/storefront`. */
export const handler = receiverHandler(storefrontChannel);
