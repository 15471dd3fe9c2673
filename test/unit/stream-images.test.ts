import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { withTypedEmptyMaps } from '../../infra/local/stream-images';

describe('withTypedEmptyMaps', () => {
  it('types the bare {} DynamoDB Local streams for an empty map, at any depth, in both images', () => {
    // Prepare: a record as DynamoDB Local 3.x streams it (seen on its GetRecords answer).
    const streamed = {
      Keys: { pk: { S: 'CUSTOMER#1' }, sk: { S: 'PROFILE' } },
      NewImage: {
        pk: { S: 'CUSTOMER#1' },
        members: {},
        l: { L: [] },
        n: { M: { il: { L: [{}, { L: [] }] }, inner: {} } },
      },
      OldImage: { pk: { S: 'CUSTOMER#1' }, members: {} },
    };

    // Act
    const repaired = withTypedEmptyMaps(streamed as never);

    // Assess
    expect(repaired.NewImage).toEqual({
      pk: { S: 'CUSTOMER#1' },
      members: { M: {} },
      l: { L: [] },
      n: { M: { il: { L: [{ M: {} }, { L: [] }] }, inner: { M: {} } } },
    });
    expect(unmarshall(repaired.OldImage as never)).toEqual({ pk: 'CUSTOMER#1', members: {} });
    expect(() => unmarshall(streamed.NewImage as never)).toThrow();
  });

  it('leaves a well-typed record as it is', () => {
    const record = { NewImage: { m: { M: { a: { N: '1' } } }, s: { SS: ['x'] } }, SequenceNumber: '7' };
    expect(withTypedEmptyMaps(record as never)).toEqual(record);
  });
});
