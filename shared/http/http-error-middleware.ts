import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '../observability/logger';
import { httpAnswerForError } from './http-error';

/**
 * Middy middleware that answers every thrown error with the mapped JSON error and logs it.
 *
 * @example
 * export const handler = middy(run).use(httpErrorMiddleware({ log }));
 */
export function httpErrorMiddleware(options: {
  log: Logger;
}): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const httpErrorMiddlewareOnError: middy.MiddlewareFn<
    APIGatewayProxyEventV2,
    APIGatewayProxyStructuredResultV2
  > = (request) => {
    const answer = httpAnswerForError(request.error);
    if (answer.statusCode >= 500) options.log.error('request failed', { error: request.error });
    request.response = answer;
  };
  return { onError: httpErrorMiddlewareOnError };
}
