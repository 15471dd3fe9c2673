import { storefrontChannel } from '../../shared/channels/storefront/storefront-channel';
import { receiverHandlers } from '../receive-webhook/receiver-handler';

/** `/webhooks/storefront`. */
export const { handler, replay } = receiverHandlers(storefrontChannel);
