import { wechatChannel } from '../../shared/channels/wechat/wechat-channel';
import { receiverHandler } from '../receive-webhook/receiver-handler';

/** `/webhooks/wechat`. */
export const handler = receiverHandler(wechatChannel);
