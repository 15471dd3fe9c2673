import { wooCommerceChannel } from '../../shared/channels/woocommerce/woocommerce-channel';
import { receiverHandlers } from '../receive-webhook/receiver-handler';

/** `/webhooks/woocommerce`. */
export const { handler, replay } = receiverHandlers(wooCommerceChannel);
