import {
  incidentIdsOf,
  lookupReason,
  subjectOf,
  subjectRequestBody,
  subjectRequestProblems,
} from './subject-request';

const A = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
const B = '0192f3a4-5b6c-7d8e-9f01-23456789abce';

describe("an operator's subject request", () => {
  it('takes one or more incident ids, however separated, each once', () => {
    expect(incidentIdsOf(` ${A},\n${B} ${A.toUpperCase()}`)).toEqual([A, B]);
  });

  it('requires the action, incident ids, the legal basis and a reason', () => {
    expect(
      subjectRequestProblems({ action: '', incidentIds: 'CAD-1', legalBasis: ' ', reason: 'short' }),
    ).toEqual({
      action: 'Choose what to do',
      incidentIds: 'Not an incident id: cad-1',
      legalBasis: 'Enter the legal basis',
      reason: 'Give the reason in at least 10 characters',
    });
    expect(
      subjectRequestProblems({
        action: 'erasure',
        incidentIds: A,
        legalBasis: 'UK GDPR Art. 17(1)(b)',
        reason: 'Erasure request upheld',
      }),
    ).toEqual({});
  });

  it('acts only on one subject: the incidents must all name it', () => {
    expect(
      subjectOf([
        { incidentId: A, subjectRef: 'subj-1' },
        { incidentId: B, subjectRef: 'subj-1' },
      ]),
    ).toEqual({
      subjectRef: 'subj-1',
    });
    expect(
      subjectOf([
        { incidentId: A, subjectRef: 'subj-1' },
        { incidentId: B, subjectRef: 'subj-2' },
      ]),
    ).toEqual({
      problem: expect.stringContaining(`${A}: subj-1; ${B}: subj-2`),
    });
  });

  it('sends erasure its legal basis and reason apart, and a restriction one reason stating the basis', () => {
    expect(subjectRequestBody('erasure', ' UK GDPR Art. 17(1)(b) ', ' Upheld ')).toEqual({
      legalBasis: 'UK GDPR Art. 17(1)(b)',
      reason: 'Upheld',
    });
    expect(subjectRequestBody('restriction', 'UK GDPR Art. 18(1)(a)', 'accuracy contested')).toEqual({
      reason: 'UK GDPR Art. 18(1)(a): accuracy contested',
    });
  });

  it('states why the incidents are read, for the audit', () => {
    expect(lookupReason('erasure', 'UK GDPR Art. 17(1)(b)')).toBe(
      'Subject request (erase the personal data): UK GDPR Art. 17(1)(b)',
    );
  });
});
