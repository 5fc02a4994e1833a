import { describeOutcomeChanges, outcomeStage, type OutcomeView } from './outcome-view';

const view = (extra: Partial<OutcomeView> = {}): OutcomeView => ({
  incidentId: 'i',
  version: 2,
  asOf: null,
  incident: { reportedAt: '2026-12-02T10:00:00Z', withdrawn: false, locationKind: 'public-place' },
  consultation: { kind: 'not-practicable', at: '2026-12-02T10:05:00Z' },
  detention: null,
  dispositions: [],
  closed: false,
  ...extra,
});
const detention = (
  extra: Partial<NonNullable<OutcomeView['detention']>> = {},
): NonNullable<OutcomeView['detention']> => ({
  status: 'active',
  detainedAt: '2026-12-02T10:10:00Z',
  ruleSetId: 'england-wales-2017-12-11',
  placeOfSafety: null,
  clockStartedAt: null,
  deadline: null,
  extended: false,
  minutesRemaining: null,
  atPoliceStationSince: null,
  nextWelfareCheckDue: null,
  assessmentCompleted: false,
  endedAt: null,
  ...extra,
});

describe('the outcome after a conflict', () => {
  it('says what someone else recorded', () => {
    const before = view({ detention: detention() });
    const after = view({
      version: 4,
      detention: detention({
        placeOfSafety: { kind: 'emergency-department', keptWhereFound: false },
        clockStartedAt: '2026-12-02T10:40:00Z',
      }),
    });
    expect(describeOutcomeChanges(before, after)).toEqual([
      'place of safety chosen (emergency-department)',
      'the arrival was recorded: the clock started',
    ]);
  });
  it('names the version when nothing it shows changed', () => {
    expect(describeOutcomeChanges(view(), view({ version: 3 }))).toEqual(['version 3 (was 2)']);
  });
});

describe('the stage of a case', () => {
  it('follows the detention', () => {
    expect(outcomeStage(view())).toBe('No section 136 recorded');
    expect(outcomeStage(view({ detention: detention() }))).toBe('Detained, no place of safety chosen');
    expect(
      outcomeStage(
        view({
          detention: detention({
            placeOfSafety: { kind: 'police-station', keptWhereFound: false },
            clockStartedAt: '2026-12-02T11:00:00Z',
          }),
        }),
      ),
    ).toBe('Detained at the place of safety');
    expect(outcomeStage(view({ closed: true }))).toBe('Closed');
  });
});
