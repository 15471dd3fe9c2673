import { wechatChannel } from '../../shared/channels/wechat/wechat-channel';
import { receiverHandlers } from '../../shared/ingest/receiver-handler';

/** `/webhooks/wechat`. */
export const { handler, replay } = receiverHandlers(wechatChannel);
