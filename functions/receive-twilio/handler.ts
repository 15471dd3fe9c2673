import { twilioChannel } from '../../shared/channels/twilio/twilio-channel';
import { receiverHandlers } from '../receive-webhook/receiver-handler';

/** `/webhooks/twilio`. */
export const { handler, replay } = receiverHandlers(twilioChannel);
