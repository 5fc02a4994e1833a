/** Injection tokens of the event-sourcing runtime. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const PERSONAL_DATA_CIPHER = Symbol('PERSONAL_DATA_CIPHER');
export const KAFKA = Symbol('KAFKA');
export const SERVICE_TOPIC = Symbol('SERVICE_TOPIC');
export const OWN_PROJECTIONS = Symbol('OWN_PROJECTIONS');
/** The event store over the background pool: what the relay and the projection runner read through. */
export const BACKGROUND_EVENT_STORE = Symbol('BACKGROUND_EVENT_STORE');
