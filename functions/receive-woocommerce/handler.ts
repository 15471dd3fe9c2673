import { wooCommerceChannel } from '../../shared/channels/woocommerce/woocommerce-channel';
import { receiverHandlers } from '../../shared/ingest/receiver-handler';

/** `/webhooks/woocommerce`. */
export const { handler, replay } = receiverHandlers(wooCommerceChannel);
