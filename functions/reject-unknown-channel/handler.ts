import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { errorResponse } from '../../shared/http/api-gateway';

/**
 * `/webhooks/{channel}` for a channel Rapport does not serve: a clear 404 instead of accepting
 * anything it cannot verify.
 */
export const handler = async (event: APIGatewayProxyEventV2) =>
  errorResponse(
    404,
    'unknown_channel',
    `There is no webhook channel "${(event.pathParameters?.channel ?? '').slice(0, 64)}".`,
  );
