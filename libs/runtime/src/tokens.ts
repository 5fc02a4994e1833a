/** Injection tokens of the event-sourcing runtime. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const PERSONAL_DATA_CIPHER = Symbol('PERSONAL_DATA_CIPHER');
export const KAFKA = Symbol('KAFKA');
export const SERVICE_TOPIC = Symbol('SERVICE_TOPIC');
export const OWN_PROJECTIONS = Symbol('OWN_PROJECTIONS');
/**
 * The retry policy (libs/database) of the command path, the consumers, the projections and the relay: one
 * DEFAULT_RETRY_POLICY, which a test replaces with `overrideProvider(RETRY_POLICY).useValue(retryPolicy({...}))`.
 */
export const RETRY_POLICY = Symbol('RETRY_POLICY');
/** The event store over the background pool: what the relay and the projection runner read through. */
export const BACKGROUND_EVENT_STORE = Symbol('BACKGROUND_EVENT_STORE');
