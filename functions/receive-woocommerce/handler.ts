import { wooCommerceChannel } from '../../shared/channels/woocommerce/woocommerce-channel';
import { receiverHandler } from '../receive-webhook/receiver-handler';

/** `/webhooks/woocommerce`. */
export const handler = receiverHandler(wooCommerceChannel);
