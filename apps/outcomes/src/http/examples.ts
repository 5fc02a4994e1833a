/** Request examples for Swagger UI. */
export const EXAMPLES = {
  consultation: { profession: 'amhp', clinicianId: 'AMHP-311', at: '2026-11-23T21:20:00Z' },
  detention: { at: '2026-11-23T21:25:00Z' },
  placeOfSafety: { kind: 'health-based-place-of-safety', name: 'Maudsley HBPoS', keptWhereFound: false },
  policeStation: {
    kind: 'police-station',
    name: 'Brixton custody',
    policeStationAuthorisation: {
      inspectorId: 'INSP-9',
      imminentRiskReason: 'Violent; repeated attempts to strike officers and staff',
      noOtherPlaceReason: 'Both HBPoS in the area declined: they cannot hold the person safely',
      healthcareProfessionalPresent: true,
    },
  },
  conveyance: { mode: 'police-vehicle', policeVehicleReason: { code: 'ambulance-delayed' } },
  lateConveyance: {
    mode: 'ambulance',
    at: '2026-11-23T21:40:00Z',
    lateEntryReason: 'Entered from the pocket book after the handover',
  },
  welfareCheck: { checkedBy: 'RN-104', profession: 'registered-nurse' },
  arrival: { at: '2026-11-23T22:05:00Z' },
  transfer: { toKind: 'emergency-department', toName: "King's College Hospital ED" },
  extension: {
    hours: 12,
    authorisedBy: { clinicianId: 'GMC-7012345', profession: 'registered-medical-practitioner' },
    reason: 'Too intoxicated to be assessed within the period',
  },
  assessment: { outcome: 'admitted-informally', clinicianId: 'GMC-7012345' },
  end: { reason: 'assessment-completed' },
  disposition: { disposition: 'left-with-family-or-carer', notes: 'Sister arrived and will stay overnight' },
  closure: {},
};
