import { stripeChannel } from '../../shared/channels/stripe/stripe-channel';
import { receiverHandlers } from '../../shared/ingest/receiver-handler';

/** `/webhooks/stripe`. */
export const { handler, replay } = receiverHandlers(stripeChannel);
