import { actionSpec, checkAction, checkTiming, visibleFields } from './section-136-forms';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const context = { nowMs: NOW, lastRecordedAt: null };

describe('the place of safety form', () => {
  const spec = actionSpec('place-of-safety');

  it('sends a health-based place of safety with its name', () => {
    expect(
      checkAction(
        spec,
        {
          kind: 'health-based-place-of-safety',
          name: ' Maudsley HBPoS ',
          keptWhereFound: 'no',
          isDwelling: 'no',
        },
        context,
      ),
    ).toEqual({
      ok: true,
      body: {
        kind: 'health-based-place-of-safety',
        name: 'Maudsley HBPoS',
        keptWhereFound: false,
        isDwelling: false,
      },
    });
  });

  it('asks for the regulation 2 conditions only at a police station', () => {
    const names = (values: Record<string, string>) => visibleFields(spec, values).map((field) => field.name);
    expect(names({ kind: 'emergency-department' })).not.toContain('inspectorId');
    expect(names({ kind: 'police-station' })).toEqual(
      expect.arrayContaining([
        'inspectorId',
        'imminentRiskReason',
        'noOtherPlaceReason',
        'healthcareProfessionalPresent',
      ]),
    );
    const result = checkAction(spec, { kind: 'police-station', isDwelling: 'no' }, context);
    expect(result.ok || result.errors).toMatchObject({
      inspectorId: 'is required',
      imminentRiskReason: 'is required',
      noOtherPlaceReason: 'is required',
      healthcareProfessionalPresent: 'say whether a healthcare professional is present',
    });
  });

  it('sends the authorisation at a police station', () => {
    const result = checkAction(
      spec,
      {
        kind: 'police-station',
        inspectorId: 'INSP-1',
        imminentRiskReason: 'Violent, injuring himself',
        noOtherPlaceReason: 'HBPoS refused: violence',
        healthcareProfessionalPresent: 'yes',
        isDwelling: 'no',
      },
      context,
    );
    expect(result.ok && result.body.policeStationAuthorisation).toEqual({
      inspectorId: 'INSP-1',
      imminentRiskReason: 'Violent, injuring himself',
      noOtherPlaceReason: 'HBPoS refused: violence',
      healthcareProfessionalPresent: true,
    });
  });

  it('needs both consents for a dwelling (s135(7))', () => {
    const refused = checkAction(spec, { kind: 'other-suitable-place', isDwelling: 'yes' }, context);
    expect(refused.ok || refused.errors).toMatchObject({
      consentDetainedPerson: 'say whether the detained person consents',
      consentOccupier: "choose the occupier's consent",
    });
    const sent = checkAction(
      spec,
      {
        kind: 'other-suitable-place',
        isDwelling: 'yes',
        consentDetainedPerson: 'yes',
        consentOccupier: 'given',
      },
      context,
    );
    expect(sent.ok && sent.body.consent).toEqual({ detainedPerson: true, occupier: 'given' });
  });
});

describe('the conveyance form', () => {
  const spec = actionSpec('conveyance');
  it('needs a reason code for a police vehicle, and its detail for "other" (rule 6)', () => {
    expect(checkAction(spec, { mode: 'ambulance' }, context)).toEqual({
      ok: true,
      body: { mode: 'ambulance' },
    });
    const noCode = checkAction(spec, { mode: 'police-vehicle' }, context);
    expect(noCode.ok || noCode.errors.code).toBe('choose the reason a police vehicle was used');
    const noDetail = checkAction(spec, { mode: 'police-vehicle', code: 'other' }, context);
    expect(noDetail.ok || noDetail.errors.detail).toBe('is required');
    expect(
      checkAction(spec, { mode: 'police-vehicle', code: 'ambulance-delayed', detail: ' 2 h wait ' }, context),
    ).toEqual({
      ok: true,
      body: {
        mode: 'police-vehicle',
        policeVehicleReason: { code: 'ambulance-delayed', detail: '2 h wait' },
      },
    });
  });
});

describe('the consultation form', () => {
  const spec = actionSpec('consultation');
  it('sends the profession consulted, or why it was not practicable', () => {
    expect(checkAction(spec, { basis: 'consulted', profession: 'registered-nurse' }, context)).toEqual({
      ok: true,
      body: { profession: 'registered-nurse' },
    });
    expect(
      checkAction(spec, { basis: 'not-practicable', notPracticableReason: 'Line down' }, context),
    ).toEqual({
      ok: true,
      body: { notPracticableReason: 'Line down' },
    });
    const empty = checkAction(spec, { basis: 'not-practicable' }, context);
    expect(empty.ok || empty.errors.notPracticableReason).toBe('is required');
  });
});

describe('the extension form', () => {
  it('needs the hours, who authorised it and why', () => {
    const spec = actionSpec('extension');
    const result = checkAction(spec, { hours: 'x' }, context);
    expect(result.ok || result.errors).toMatchObject({
      hours: 'give the hours (at least 0.25)',
      clinicianId: 'is required',
      profession: 'choose the profession',
      reason: 'is required',
    });
    expect(
      checkAction(
        spec,
        {
          hours: '12',
          clinicianId: 'GMC-1',
          profession: 'registered-medical-practitioner',
          reason: 'Intoxicated',
        },
        context,
      ),
    ).toEqual({
      ok: true,
      body: {
        hours: 12,
        authorisedBy: { clinicianId: 'GMC-1', profession: 'registered-medical-practitioner' },
        reason: 'Intoxicated',
      },
    });
  });
});

describe('when it happened (rule 10)', () => {
  it('sends no time for now, and the time given as an ISO instant', () => {
    expect(checkTiming({ at: '' }, context)).toEqual({ errors: { lateEntryReason: undefined }, body: {} });
    expect(checkTiming({ at: '2026-12-02T11:50:00Z' }, context).body).toEqual({
      at: '2026-12-02T11:50:00.000Z',
    });
  });
  it('refuses a time more than 2 minutes ahead', () => {
    expect(checkTiming({ at: '2026-12-02T12:03:00Z' }, context).errors.at).toBe(
      'cannot be more than 2 minutes from now',
    );
  });
  it('needs the late entry reason more than 15 minutes before the latest record', () => {
    const late = { nowMs: NOW, lastRecordedAt: '2026-12-02T11:30:00Z' };
    expect(checkTiming({ at: '2026-12-02T11:16:00Z' }, late).errors.lateEntryReason).toBeUndefined();
    expect(checkTiming({ at: '2026-12-02T11:14:00Z' }, late).errors.lateEntryReason).toMatch(/late entry/);
    expect(checkTiming({ at: '2026-12-02T11:14:00Z', lateEntryReason: 'Radio down' }, late)).toEqual({
      errors: { lateEntryReason: undefined },
      body: { at: '2026-12-02T11:14:00.000Z', lateEntryReason: 'Radio down' },
    });
  });
});
