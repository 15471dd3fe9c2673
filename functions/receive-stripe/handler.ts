import { stripeChannel } from '../../shared/channels/stripe/stripe-channel';
import { receiverHandlers } from '../receive-webhook/receiver-handler';

/** `/webhooks/stripe`. */
export const { handler, replay } = receiverHandlers(stripeChannel);
