import type { AppConfig } from '@rcrp/config';
import { DomainError, RULE_IDS } from '@rcrp/domain';
import { ConcurrencyError } from '@rcrp/event-store';
import { sampleEnvelope } from '@rcrp/events/testing/sample-events';
import type { PersonalDataCipher } from '@rcrp/personal-data';
import { InboxContext } from '@rcrp/runtime';
import type { PoolClient } from 'pg';
import type { TriageCommandsService } from '../calls/triage-commands.service';
import { IntakeEventsController } from './intake-events.controller';

/** The handler on its own: no Kafka, no database (the transaction is a stand-in it only passes on). */
describe('IntakeEventsController', () => {
  const tx = { query: jest.fn() } as unknown as PoolClient;
  const context = new InboxContext([
    tx,
    { topic: 'rcrp.intake.events.v1', partition: 0, offset: '7', key: null, headers: {}, timestamp: '0' },
  ]);
  const config = { database: { schema: 'triage' } } as AppConfig;
  const cipher = {} as PersonalDataCipher;

  /** The triage path as the controller sees it: `within(tx)` must be the record's transaction. */
  function controllerWith(decide: jest.Mock) {
    const within = (given: PoolClient) => {
      expect(given).toBe(tx);
      return { decide };
    };
    return new IntakeEventsController(config, cipher, { within } as unknown as TriageCommandsService);
  }

  it('queues a call for a report, in the record transaction, caused by the intake event', async () => {
    const decide = jest.fn().mockResolvedValue(undefined);
    const event = sampleEnvelope('IncidentReported');
    await controllerWith(decide).handle(event, context);
    expect(decide).toHaveBeenCalledWith(
      event.incidentId,
      expect.objectContaining({ type: 'QueueCall', incidentId: event.incidentId }),
      expect.objectContaining({ causationId: event.eventId, actor: { id: 'rcrp-triage', role: 'system' } }),
      { subjectRef: event.subjectRef },
    );
  });

  it('ignores events that ask nothing of triage', async () => {
    const decide = jest.fn();
    await controllerWith(decide).handle(sampleEnvelope('CallQueued'), context);
    expect(decide).not.toHaveBeenCalled();
  });

  it('passes a race with a clinician on, so the transport tries the whole record again in a new transaction', async () => {
    const race = new ConcurrencyError('triage-x', 1, 2);
    const raced = jest.fn().mockRejectedValueOnce(race).mockResolvedValueOnce(undefined);
    await expect(controllerWith(raced).handle(sampleEnvelope('IncidentReported'), context)).rejects.toBe(
      race,
    );
    expect(raced).toHaveBeenCalledTimes(1);
  });

  it('leaves an already queued call as it is', async () => {
    const queued = jest
      .fn()
      .mockRejectedValue(new DomainError(RULE_IDS.triageAlreadyQueued, 'already queued'));
    await expect(
      controllerWith(queued).handle(sampleEnvelope('IncidentReported'), context),
    ).resolves.toBeUndefined();
  });

  it('passes any other failure on to the transport unchanged (it decides: retry or dead letter)', async () => {
    const outage = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    const failing = jest.fn().mockRejectedValue(outage);
    await expect(controllerWith(failing).handle(sampleEnvelope('IncidentReported'), context)).rejects.toBe(
      outage,
    );
  });
});
