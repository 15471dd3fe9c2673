import type { StreamRecord } from '@aws-sdk/client-dynamodb-streams';

type Value = Record<string, unknown>;

/**
 * The stream record as AWS would deliver it: DynamoDB Local 3.x streams an empty map, at any
 * depth, as a bare `{}` with no type (awslabs/amazon-dynamodb-local-samples#37), which no
 * unmarshaller can read, while `GetItem` and AWS's own streams give `{"M":{}}`. Keys and both
 * images are repaired, so that items written before a fix (old local data) are relayed too.
 *
 * @example
 * withTypedEmptyMaps({ NewImage: { members: {} } }); // { NewImage: { members: { M: {} } } }
 */
export function withTypedEmptyMaps(record: StreamRecord): StreamRecord {
  const repaired: StreamRecord = { ...record };
  for (const part of ['Keys', 'NewImage', 'OldImage'] as const) {
    const image = record[part];
    if (image) repaired[part] = repairAttributes(image as unknown as Record<string, Value>) as never;
  }
  return repaired;
}

function repairAttributes(attributes: Record<string, Value>): Record<string, Value> {
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, repairValue(value)]));
}

function repairValue(value: Value): Value {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M) return { M: repairAttributes(value.M as Record<string, Value>) };
  if (Array.isArray(value.L)) return { L: (value.L as Value[]).map(repairValue) };
  return value;
}
