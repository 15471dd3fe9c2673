import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { errorResponse } from '../../shared/http/api-gateway';
import { webhookChannels } from '../../shared/http/routes';

/**
 * `/webhooks/{channel}` requests no receiver route took: an unknown channel is a clear 404 (never
 * accept what cannot be verified); a known channel called with another method is a 405.
 */
export const handler = async (event: APIGatewayProxyEventV2) => {
  const channel = (event.pathParameters?.channel ?? '').slice(0, 64);
  if ((webhookChannels as ReadonlyArray<string>).includes(channel)) {
    return {
      ...errorResponse(405, 'method_not_allowed', `The ${channel} webhook accepts POST only.`),
      headers: { 'content-type': 'application/json', allow: 'POST' },
    };
  }
  return errorResponse(404, 'unknown_channel', `There is no webhook channel "${channel}".`);
};
