import { Duration, Stack } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { FunctionName } from '../../shared/config/function-bindings';
import { acknowledgeInvokeOfVersions } from '../nag-suppressions';
import { DeadLetterQueue } from './dead-letter-queue';
import type { FunctionCatalog } from './function-catalog';
import type { RapportFunction } from './rapport-function';

/** A function the scheduler runs at a fixed rate. */
export interface ScheduledJob {
  /** The function, `functions/<name>/`. */
  name: FunctionName;
  /** The schedule's construct id. */
  id: string;
  description: string;
  every: Duration;
  /** How long a run may wait to be delivered (the scheduler's, and Lambda's up to 6 hours). */
  maxEventAge: Duration;
  timeout: Duration;
  memorySize?: number;
}

/**
 * Every scheduled job, in the order they are defined.
 *
 * @example
 * scheduledJobs.map((job) => job.name); // ['detect-abandoned-checkouts', ...]
 */
export const scheduledJobs: ReadonlyArray<ScheduledJob> = [
  // Abandoned checkouts: a sweep of the due-date index.
  {
    name: 'detect-abandoned-checkouts',
    id: 'DetectAbandonedCheckouts',
    description: 'Finds started checkouts not followed by an order (ABANDONED_CHECKOUT_AFTER).',
    every: Duration.minutes(5),
    maxEventAge: Duration.minutes(10),
    timeout: Duration.minutes(2),
  },
  // Scoring's batch jobs read every buyer: minutes, and more memory for the fit.
  {
    name: 'refresh-scores',
    id: 'RefreshScores',
    description: 'Measures the RFM boundaries and rescores customers whose scores change with time alone.',
    every: Duration.days(1),
    maxEventAge: Duration.hours(6),
    timeout: Duration.minutes(10),
    memorySize: 1024,
  },
  {
    name: 'fit-customer-model',
    id: 'FitCustomerModel',
    description: 'Fits Pareto/NBD, BG/NBD and Gamma-Gamma on every buyer and stores the parameters.',
    every: Duration.days(7),
    maxEventAge: Duration.hours(12),
    timeout: Duration.minutes(10),
    memorySize: 2048,
  },
  // Alerts held through quiet hours or a rate limit, and digests, go out when due.
  {
    name: 'send-held-alerts',
    id: 'SendHeldAlerts',
    description: 'Sends held alerts and rule digests when they fall due.',
    every: Duration.minutes(1),
    maxEventAge: Duration.minutes(5),
    timeout: Duration.minutes(2),
  },
  // Messages a platform asked to retry later (Retry-After, a pace), and those whose sending
  // invocation died holding them, go out when due. Up to 400 a run, 8 at a time, each within a
  // 20 s retry budget: minutes, not seconds. A run still going when the next starts is harmless,
  // since every message goes through the same claim as a first send.
  {
    name: 'resend-waiting-messages',
    id: 'ResendWaitingMessages',
    description: 'Sends again the replies whose wait (a platform Retry-After, a lost lease) has ended.',
    every: Duration.minutes(1),
    maxEventAge: Duration.minutes(5),
    timeout: Duration.minutes(5),
  },
  // Campaigns: everyone in the audience when a campaign starts is enrolled in pages, every minute.
  {
    name: 'enrol-campaign-audiences',
    id: 'EnrolCampaignAudiences',
    description:
      'Enrols each started campaign’s audience (segment index or a scan), continuing where it stopped.',
    every: Duration.minutes(1),
    maxEventAge: Duration.minutes(5),
    timeout: Duration.minutes(2),
  },
];

/** The scheduled jobs' functions and their queues. */
export interface ScheduledJobs {
  /** Each job's function, in the order of `scheduledJobs`. */
  functions: RapportFunction[];
  /** Each job's dead-letter queue, named for the operations dashboard. */
  deadLetterQueues: Array<{ id: string; queue: IQueue }>;
}

/**
 * The scheduled jobs (EventBridge Scheduler), each with retries and its own alarmed dead-letter
 * queue: the scheduler retries a run it could not deliver, Lambda retries a run that threw, and
 * what still fails lands in the job's queue.
 *
 * Created in the given scope (the stack) with the ids they have always had, so that their
 * logical ids do not change.
 *
 * @example
 * const jobs = addScheduledJobs(this, { functions, alarms: alarms.topic });
 */
export function addScheduledJobs(
  scope: Construct,
  props: { functions: FunctionCatalog; alarms: ITopic },
): ScheduledJobs {
  const functions: RapportFunction[] = [];
  const deadLetterQueues: Array<{ id: string; queue: IQueue }> = [];
  for (const job of scheduledJobs) {
    const fn = props.functions.define(job.name, {
      timeout: job.timeout,
      ...(job.memorySize ? { memorySize: job.memorySize } : {}),
    });
    const dlq = new DeadLetterQueue(scope, `${job.name}-dlq`, props.alarms);
    deadLetterQueues.push({ id: job.name, queue: dlq.queue });
    // The scheduler invokes asynchronously: a run that throws is retried by Lambda, then dead-lettered.
    fn.fn.configureAsyncInvoke({
      retryAttempts: 1,
      // Lambda keeps an asynchronous event at most 6 hours.
      maxEventAge: Duration.seconds(Math.min(job.maxEventAge.toSeconds(), 21_600)),
      onFailure: new SqsDestination(dlq.queue),
    });
    new Schedule(scope, job.id, {
      description: job.description,
      schedule: ScheduleExpression.rate(job.every),
      target: new LambdaInvoke(fn.fn, {
        retryAttempts: 3,
        maxEventAge: job.maxEventAge,
        deadLetterQueue: dlq.queue,
      }),
    });
    functions.push(fn);
  }
  acknowledgeInvokeOfVersions(
    Stack.of(scope),
    functions.map((fn) => fn.fn),
    'The scheduler role may invoke these functions and their versions.',
  );
  return { functions, deadLetterQueues };
}
