import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

// The cold-start baseline of `npm run bench`: a handler that only imports the DynamoDB client.
const client = new DynamoDBClient({});

/** Answers the client's configured SDK version so that nothing is tree-shaken away. */
export const handler = async () => client.config.apiVersion;
