/** Injection tokens of the event-sourcing runtime. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const PERSONAL_DATA_CIPHER = Symbol('PERSONAL_DATA_CIPHER');
export const KAFKA = Symbol('KAFKA');
export const SERVICE_TOPIC = Symbol('SERVICE_TOPIC');
export const OWN_PROJECTIONS = Symbol('OWN_PROJECTIONS');
