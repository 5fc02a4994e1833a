import type { Kafka, Message, PartitionerArgs, Producer, ProducerBatch, ProducerConfig } from 'kafkajs';
import { createIdempotentProducer, sendAcknowledged, UnacknowledgedBatchError } from './producer';

const PARTITIONS = [0, 1, 2].map((partitionId) => ({ partitionId, leader: partitionId }));

/**
 * A producer the way kafkajs drives it: its partitioner (the one createIdempotentProducer configures) is asked for
 * every message of a batch, and the batch resolves with what the brokers acknowledged, here `acknowledge(partition)`.
 */
function producerAcknowledging(acknowledge: (partition: number) => boolean): Producer {
  let config: ProducerConfig = {};
  const kafka = {
    producer: (given: ProducerConfig) => {
      config = given;
      return {} as Producer;
    },
  } as unknown as Kafka;
  createIdempotentProducer(kafka);
  const partitioner = config.createPartitioner!();
  return {
    sendBatch: async (batch: ProducerBatch) => {
      const partitions = new Set<number>();
      for (const { topic, messages } of batch.topicMessages ?? [])
        for (const message of messages)
          partitions.add(partitioner({ topic, partitionMetadata: PARTITIONS, message } as PartitionerArgs));
      return [...partitions]
        .filter(acknowledge)
        .map((partition) => ({ topicName: 'incidents', partition, errorCode: 0, baseOffset: '0' }));
    },
  } as unknown as Producer;
}

const messages = (): Message[] =>
  Array.from({ length: 30 }, (_, index) => ({ key: `incident-${index}`, value: 'report' }));

describe('sendAcknowledged', () => {
  it('returns what was written when every partition the batch touched acknowledged it', async () => {
    const written = await sendAcknowledged(producerAcknowledging(() => true), {
      topicMessages: [{ topic: 'incidents', messages: messages() }],
    });
    // Thirty keys spread over the three partitions: the check covered more than one.
    expect(written.map((entry) => entry.partition).sort()).toEqual([0, 1, 2]);
  });

  it('refuses a batch reported sent when one partition never acknowledged it (kafkajs 2.2.4 after a failover)', async () => {
    const sending = sendAcknowledged(producerAcknowledging((partition) => partition !== 1), {
      topicMessages: [{ topic: 'incidents', messages: messages() }],
    });
    await expect(sending).rejects.toThrow(UnacknowledgedBatchError);
    await expect(sending).rejects.toThrow('incidents[1] never acknowledged it');
  });

  it('refuses messages the partitioner of createIdempotentProducer never saw (another producer)', async () => {
    const foreign = {
      sendBatch: async () => [{ topicName: 'incidents', partition: 0, errorCode: 0 }],
    } as unknown as Producer;
    await expect(
      sendAcknowledged(foreign, { topicMessages: [{ topic: 'incidents', messages: messages() }] }),
    ).rejects.toThrow(UnacknowledgedBatchError);
  });
});
