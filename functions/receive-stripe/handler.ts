import { stripeChannel } from '../../shared/channels/stripe/stripe-channel';
import { receiverHandler } from '../receive-webhook/receiver-handler';

/** `/webhooks/stripe`. */
export const handler = receiverHandler(stripeChannel);
