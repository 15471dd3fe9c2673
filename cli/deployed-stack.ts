/** What the CLI needs from a deployed stack's AWS services (ports: AWS clients, or fakes in tests). */
export interface DeployedStack {
  /** The stack's outputs by key. */
  outputs(): Promise<Record<string, string>>;
  /** The stack's dead-letter queues (URL and logical id). */
  deadLetterQueues(): Promise<Array<{ logicalId: string; url: string }>>;
  /** Messages waiting in a queue. */
  queueDepth(url: string): Promise<number>;
  /** Up to ten messages of a queue, hidden from others for a while. */
  receive(
    url: string,
  ): Promise<Array<{ receiptHandle: string; body: string; attributes: Record<string, string> }>>;
  deleteMessage(url: string, receiptHandle: string): Promise<void>;
  /** Invokes a function asynchronously (as EventBridge and the scheduler do). */
  invokeAsync(functionArn: string, payload: unknown): Promise<void>;
  /** True when the secret holds a value (not the stack's `SET-ME` placeholder). */
  secretIsSet(arn: string): Promise<boolean>;
  putSecret(arn: string, value: string): Promise<void>;
  /** When a channel last stored a webhook (metric Rapport/Webhooks, outcome stored), within two weeks. */
  lastStoredWebhook(channel: string): Promise<Date | undefined>;
  /** The stack's alarms now in ALARM. */
  alarmsInAlarm(): Promise<Array<{ name: string; reason: string }>>;
  /** Creates a Cognito user (invited by email) and puts them in a group. */
  addUser(userPoolId: string, email: string, group: 'admin' | 'viewer'): Promise<void>;
}
