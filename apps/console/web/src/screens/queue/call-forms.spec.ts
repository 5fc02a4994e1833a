import {
  accessReasonError,
  checkAdvice,
  checkAnswer,
  checkRecordsCheck,
  checkRiskAssessment,
  DEFAULT_ACCESS_REASON,
  factorsOf,
} from './call-forms';

describe('the answer form', () => {
  it('sends the profession alone for a clinician (the token says who)', () => {
    expect(checkAnswer({ profession: 'registered-nurse', clinicianId: '' }, false)).toEqual({
      ok: true,
      body: { profession: 'registered-nurse' },
    });
  });

  it('needs the clinician an operator records for', () => {
    expect(checkAnswer({ profession: 'paramedic', clinicianId: ' ' }, true)).toEqual({
      ok: false,
      errors: { profession: undefined, clinicianId: 'is required' },
    });
    expect(checkAnswer({ profession: 'paramedic', clinicianId: 'RN-1 ' }, true)).toEqual({
      ok: true,
      body: { profession: 'paramedic', clinicianId: 'RN-1' },
    });
  });

  it('refuses a profession outside the vocabulary', () => {
    const result = checkAnswer({ profession: 'psychic', clinicianId: '' }, false);
    expect(result.ok).toBe(false);
  });
});

describe('the risk assessment form', () => {
  it('sends one factor a line, blank lines dropped', () => {
    expect(factorsOf(' on the bridge \n\n  said goodbye to family\r\n')).toEqual([
      'on the bridge',
      'said goodbye to family',
    ]);
    expect(checkRiskAssessment({ level: 'high', factors: 'a\nb', rationale: ' Plan and means. ' })).toEqual({
      ok: true,
      body: { level: 'high', factors: ['a', 'b'], rationale: 'Plan and means.' },
    });
  });

  it('names each wrong field', () => {
    const result = checkRiskAssessment({ level: '', factors: 'x'.repeat(201), rationale: '   ' });
    expect(result).toEqual({
      ok: false,
      errors: {
        level: 'choose the level of risk',
        factors: 'each factor must be at most 200 characters',
        rationale: 'is required',
      },
    });
  });

  it('allows at most 20 factors and 4000 characters of rationale', () => {
    const result = checkRiskAssessment({
      level: 'low',
      factors: Array.from({ length: 21 }, (_, i) => `f${i}`).join('\n'),
      rationale: 'x'.repeat(4001),
    });
    expect(result.ok || result.errors).toEqual({
      level: undefined,
      factors: 'at most 20 factors',
      rationale: 'must be at most 4000 characters',
    });
  });
});

describe('the records check form', () => {
  it('needs a yes or no and leaves empty notes out', () => {
    expect(checkRecordsCheck({ knownToServices: '', notes: '' }).ok).toBe(false);
    expect(checkRecordsCheck({ knownToServices: 'no', notes: '  ' })).toEqual({
      ok: true,
      body: { knownToServices: false },
    });
    expect(checkRecordsCheck({ knownToServices: 'yes', notes: 'Known to the crisis team' })).toEqual({
      ok: true,
      body: { knownToServices: true, notes: 'Known to the crisis team' },
    });
  });
});

describe('the advice form', () => {
  it('needs a profession, a recommendation and a rationale', () => {
    expect(checkAdvice({ profession: '', recommendation: '', rationale: '' })).toEqual({
      ok: false,
      errors: {
        profession: 'choose the profession',
        recommendation: 'choose the recommendation',
        rationale: 'is required',
      },
    });
    expect(
      checkAdvice({
        profession: 'amhp',
        recommendation: 'refer-to-crisis-team',
        rationale: 'Crisis team can attend',
      }),
    ).toEqual({
      ok: true,
      body: {
        profession: 'amhp',
        recommendation: 'refer-to-crisis-team',
        rationale: 'Crisis team can attend',
      },
    });
  });
});

describe('the access reason', () => {
  it('takes the default and refuses what the services would (10-500 characters after trimming)', () => {
    expect(accessReasonError(DEFAULT_ACCESS_REASON)).toBeUndefined();
    expect(accessReasonError('   ')).toMatch(/required/);
    expect(accessReasonError('  ten chars!  ')).toBeUndefined();
    expect(accessReasonError('  short  ')).toMatch(/at least 10/);
    expect(accessReasonError('x'.repeat(501))).toMatch(/at most 500/);
  });
});
