import { compareOrderKeys, type OrderKey } from './event-order';

const key = (overrides: Partial<OrderKey>): OrderKey => ({
  occurredAt: 0,
  recordedAt: 0,
  topicIndex: 0,
  partition: 0,
  offset: 0,
  ...overrides,
});

describe('replay order', () => {
  it('sorts by occurredAt, then recordedAt, then topic, partition, offset', () => {
    const keys = [
      key({ occurredAt: 2 }),
      key({ occurredAt: 1, recordedAt: 5 }),
      key({ occurredAt: 1, recordedAt: 4, topicIndex: 1 }),
      key({ occurredAt: 1, recordedAt: 4, topicIndex: 0, partition: 2 }),
      key({ occurredAt: 1, recordedAt: 4, topicIndex: 0, partition: 1, offset: 9 }),
      key({ occurredAt: 1, recordedAt: 4, topicIndex: 0, partition: 1, offset: 3 }),
    ];
    expect([...keys].sort(compareOrderKeys)).toEqual([keys[5], keys[4], keys[3], keys[2], keys[1], keys[0]]);
  });
});
