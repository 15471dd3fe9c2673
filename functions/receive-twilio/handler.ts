import { twilioChannel } from '../../shared/channels/twilio/twilio-channel';
import { receiverHandlers } from '../../shared/ingest/receiver-handler';

/** `/webhooks/twilio`. */
export const { handler, replay } = receiverHandlers(twilioChannel);
