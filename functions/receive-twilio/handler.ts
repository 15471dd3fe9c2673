import { twilioChannel } from '../../shared/channels/twilio/twilio-channel';
import { receiverHandler } from '../receive-webhook/receiver-handler';

/** `/webhooks/twilio`. */
export const handler = receiverHandler(twilioChannel);
