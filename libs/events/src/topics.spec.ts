import { EVENT_DEFINITIONS, eventTypesOnTopic } from './registry';
import { ALL_TOPICS, EVENT_TOPICS, TOPIC_OWNERS, TOPICS, topicOwnerOf } from './topics';

describe('topics and their owners', () => {
  it('names the owner of every system topic and of its dead letters, and of no other topic', () => {
    expect(ALL_TOPICS.map((topic) => [topic, topicOwnerOf(topic)])).toEqual([
      [TOPICS.incidentsInbound, 'intake'],
      [TOPICS.intakeEvents, 'intake'],
      [TOPICS.triageEvents, 'triage'],
      [TOPICS.outcomesEvents, 'outcomes'],
    ]);
    expect(topicOwnerOf(`${TOPICS.triageEvents}.dlq`)).toBe('triage');
    expect(topicOwnerOf('test.replay.0192f000')).toBeUndefined();
    expect(Object.keys(TOPIC_OWNERS).sort()).toEqual([...ALL_TOPICS].sort());
  });

  it('puts every event type on exactly one event topic', () => {
    const onTopics = EVENT_TOPICS.flatMap((topic) => eventTypesOnTopic(topic));
    expect([...onTopics].sort()).toEqual(Object.keys(EVENT_DEFINITIONS).sort());
    expect(eventTypesOnTopic(TOPICS.triageEvents)).toContain('AdviceGiven');
    expect(eventTypesOnTopic(TOPICS.triageEvents)).not.toContain('IncidentReported');
  });
});
