import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { InvokeOutcome } from './bundled-function';
import { account, type Grant, isAllowed, region } from './deployment';

/** One call a function made to a stand-in, and whether its role allowed it. */
export interface ServiceCall {
  caller: string;
  action: string;
  resource: string;
  allowed: boolean;
}

/** A `PutEvents` entry as EventBridge received it. */
export interface PutEventsEntry {
  caller: string;
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName: string;
}

/** An email SES v2 was asked to send (raw MIME). */
export interface SentEmail {
  caller: string;
  from: string;
  to: string[];
  raw: string;
}

/** A message published to an SNS topic. */
export interface SnsPublish {
  caller: string;
  topicArn: string;
  subject: string;
  message: string;
}

/** A message sent to an SQS queue. */
export interface SqsMessage {
  caller: string;
  queueUrl: string;
  body: string;
}

/** Local stand-ins for Secrets Manager, EventBridge, Lambda, SES v2, SNS and SQS, enforcing the template's grants. */
export interface AwsStandIns {
  endpoint: string;
  calls: ServiceCall[];
  putEvents: PutEventsEntry[];
  emails: SentEmail[];
  published: SnsPublish[];
  queued: SqsMessage[];
  /** Secret values by ARN. */
  secrets: Map<string, string>;
  /** ARNs whose reads fail as if the secret had been deleted. */
  unreadable: Set<string>;
  stop(): Promise<void>;
}

/**
 * Starts one HTTP server answering the AWS JSON protocols of `GetSecretValue` and `PutEvents`
 * and Lambda's REST `Invoke`. The caller is the access key id of the request's signature (the
 * function's logical id); a call its role's policies do not allow is refused as AWS refuses it.
 *
 * @example
 * const standIns = await startAwsStandIns(deployment.grants, (name, payload) => run(name, payload));
 */
export async function startAwsStandIns(
  grants: ReadonlyMap<string, ReadonlyArray<Grant>>,
  invoke: (functionName: string, payload: unknown) => Promise<InvokeOutcome>,
): Promise<AwsStandIns> {
  const calls: ServiceCall[] = [];
  const putEvents: PutEventsEntry[] = [];
  const emails: SentEmail[] = [];
  const published: SnsPublish[] = [];
  const queued: SqsMessage[] = [];
  const secrets = new Map<string, string>();
  const unreadable = new Set<string>();

  const authorize = (caller: string, action: string, resource: string) => {
    const allowed = isAllowed(grants.get(caller) ?? [], action, resource);
    calls.push({ caller, action, resource, allowed });
    return allowed;
  };

  const handle = async (request: IncomingMessage, body: Buffer, response: ServerResponse) => {
    const caller = /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? 'anonymous';
    const invocation = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '');
    if (invocation?.[1]) {
      const name = decodeURIComponent(invocation[1]).replace(/^arn:aws:lambda:[^:]+:\d+:function:/, '');
      const arn = `arn:aws:lambda:${region}:${account}:function:${name}`;
      if (!authorize(caller, 'lambda:InvokeFunction', arn)) {
        return denied(response, `${caller} is not authorized to perform lambda:InvokeFunction on ${arn}`);
      }
      const outcome = await invoke(name, JSON.parse(body.toString('utf8') || 'null'));
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-amz-executed-version': '$LATEST',
      };
      if (outcome.kind === 'error') headers['x-amz-function-error'] = 'Unhandled';
      response.writeHead(200, headers);
      response.end(
        JSON.stringify(
          outcome.kind === 'result'
            ? outcome.result
            : { errorType: outcome.errorType, errorMessage: outcome.errorMessage },
        ),
      );
      return;
    }
    if (request.url === '/v2/email/outbound-emails' && request.method === 'POST') {
      // SES v2 SendEmail (REST JSON), authorized on the sender's identity.
      const input = JSON.parse(body.toString('utf8'));
      const from = String(input.FromEmailAddress);
      // SES authorizes a send on the identity the sender is verified as: the address (without a
      // display name, `Shop <care@shop.example>`) or its domain.
      const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
      const identities = [address, address.slice(address.lastIndexOf('@') + 1)].map(
        (name) => `arn:aws:ses:${region}:${account}:identity/${name}`,
      );
      const identity =
        identities.find((arn) => isAllowed(grants.get(caller) ?? [], 'ses:SendEmail', arn)) ??
        (identities[0] as string);
      if (!authorize(caller, 'ses:SendEmail', identity)) {
        return denied(response, `${caller} is not authorized to perform ses:SendEmail on ${identity}`);
      }
      emails.push({
        caller,
        from,
        to: input.Destination?.ToAddresses ?? [],
        raw: Buffer.from(String(input.Content?.Raw?.Data ?? ''), 'base64').toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ MessageId: crypto.randomUUID() }));
      return;
    }
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('Action') === 'Publish') {
      // SNS Publish (AWS Query protocol: a form body, an XML answer).
      const topicArn = String(form.get('TopicArn'));
      if (!authorize(caller, 'sns:Publish', topicArn)) {
        response.writeHead(403, { 'content-type': 'text/xml' });
        response.end(
          `<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>${caller} is not authorized to perform sns:Publish on ${topicArn}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
        return;
      }
      published.push({
        caller,
        topicArn,
        subject: form.get('Subject') ?? '',
        message: form.get('Message') ?? '',
      });
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${crypto.randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
      );
      return;
    }
    const input = JSON.parse(body.toString('utf8') || '{}');
    switch (request.headers['x-amz-target']) {
      case 'secretsmanager.GetSecretValue': {
        const arn = String(input.SecretId);
        if (!authorize(caller, 'secretsmanager:GetSecretValue', arn)) {
          return denied(
            response,
            `${caller} is not authorized to perform secretsmanager:GetSecretValue on ${arn}`,
          );
        }
        const value = secrets.get(arn);
        if (value === undefined || unreadable.has(arn)) {
          return awsError(
            response,
            400,
            'ResourceNotFoundException',
            "Secrets Manager can't find the specified secret.",
          );
        }
        return json(response, {
          ARN: arn,
          Name: arn.split(':').at(-1),
          SecretString: value,
          VersionId: 'v1',
        });
      }
      case 'AWSEvents.PutEvents': {
        const entries = input.Entries as Array<Omit<PutEventsEntry, 'caller'>>;
        const results = entries.map((entry) => {
          const bus = `arn:aws:events:${region}:${account}:event-bus/${entry.EventBusName ?? 'default'}`;
          if (!authorize(caller, 'events:PutEvents', bus)) {
            return { ErrorCode: 'AccessDeniedException', ErrorMessage: `not authorized on ${bus}` };
          }
          putEvents.push({ caller, ...entry });
          return { EventId: crypto.randomUUID() };
        });
        return json(response, {
          FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length,
          Entries: results,
        });
      }
      case 'AmazonSQS.SendMessage': {
        // https://sqs.<region>.amazonaws.com/<account>/<name> is arn:aws:sqs:<region>:<account>:<name>.
        const queueUrl = String(input.QueueUrl);
        const [, queueAccount, name] = new URL(queueUrl).pathname.split('/');
        const arn = `arn:aws:sqs:${region}:${queueAccount}:${name}`;
        if (!authorize(caller, 'sqs:SendMessage', arn))
          return denied(response, `${caller} is not authorized to perform sqs:SendMessage on ${arn}`);
        const messageBody = String(input.MessageBody);
        queued.push({ caller, queueUrl, body: messageBody });
        return json(response, {
          MessageId: crypto.randomUUID(),
          MD5OfMessageBody: createHash('md5').update(messageBody).digest('hex'),
        });
      }
      default:
        return awsError(
          response,
          400,
          'UnknownOperationException',
          `No stand-in for ${request.headers['x-amz-target']}`,
        );
    }
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handle(request, Buffer.concat(chunks), response).catch((error: unknown) =>
        awsError(response, 500, 'InternalFailure', String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    putEvents,
    emails,
    published,
    queued,
    secrets,
    unreadable,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
}

function awsError(response: ServerResponse, status: number, type: string, message: string): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
  response.end(JSON.stringify({ __type: type, message }));
}

function denied(response: ServerResponse, message: string): void {
  awsError(response, 400, 'AccessDeniedException', message);
}
