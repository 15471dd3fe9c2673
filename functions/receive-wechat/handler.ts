import { wechatChannel } from '../../shared/channels/wechat/wechat-channel';
import { receiverHandlers } from '../receive-webhook/receiver-handler';

/** `/webhooks/wechat`. */
export const { handler, replay } = receiverHandlers(wechatChannel);
