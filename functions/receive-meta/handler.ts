import { metaChannel } from '../../shared/channels/meta/meta-channel';
import { receiverHandlers } from '../../shared/ingest/receiver-handler';

/** `GET|POST /webhooks/meta`: WhatsApp Cloud API, Messenger and Instagram. */
export const { handler, replay } = receiverHandlers(metaChannel);
