/**
 * Emits one CloudWatch metric in Embedded Metric Format: CloudWatch turns the log line into a
 * metric without an API call, and locally it is a readable JSON line.
 *
 * @example
 * emitCount('Rapport', 'UnhandledTopic', { channel: 'shopify' });
 */
export function emitCount(namespace: string, name: string, dimensions: Record<string, string>): void {
  const line = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: [{ Name: name, Unit: 'Count' }],
        },
      ],
    },
    ...dimensions,
    [name]: 1,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
