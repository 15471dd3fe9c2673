import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type CanonicalEvent, eventSource } from '../../shared/events/contracts';

/** Publishes canonical events; returns the indexes of the events that were not accepted. */
export interface EventPublisher {
  publish(events: ReadonlyArray<CanonicalEvent>): Promise<number[]>;
}

/** PutEvents accepts at most 10 entries per call. */
const maxEntriesPerCall = 10;

/**
 * Publishes to an EventBridge bus, ten entries per call; failed entries of a partial
 * `PutEvents` are reported back by index so the caller can retry exactly those.
 *
 * @example
 * const publisher = eventBridgePublisher(new EventBridgeClient({}), 'rapport');
 */
export function eventBridgePublisher(client: EventBridgeClient, busName: string): EventPublisher {
  return {
    async publish(events) {
      const failed: number[] = [];
      for (let start = 0; start < events.length; start += maxEntriesPerCall) {
        const chunk = events.slice(start, start + maxEntriesPerCall);
        try {
          const result = await client.send(
            new PutEventsCommand({
              Entries: chunk.map((event) => ({
                EventBusName: busName,
                Source: eventSource,
                DetailType: event.type,
                Detail: JSON.stringify(event),
                Time: new Date(event.occurredAt),
              })),
            }),
          );
          result.Entries?.forEach((entry, index) => {
            if (entry.ErrorCode) failed.push(start + index);
          });
        } catch {
          chunk.forEach((_event, index) => {
            failed.push(start + index);
          });
        }
      }
      return failed;
    },
  };
}
