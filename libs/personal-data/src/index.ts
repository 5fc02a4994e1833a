export { PersonalDataCipher } from './personal-data-cipher';
export type { PersonalDataCipherOptions } from './personal-data-cipher';
export { ENCRYPTED_PREFIX, ERASED_VALUE, isEncryptedValue } from './encrypted-value';
export { mapAtPaths } from './field-paths';
export type { ErasureRecord } from './subject-keys';
export { MASTER_KEY_ENV, decodeMasterKey, generateMasterKey, loadMasterKey } from './master-key';
export { personalDataMigrations } from './migrations';
export type { PersonalDataMigrationContext } from './migrations';
export {
  MasterKeyError,
  PersonalDataInputError,
  PersonalDataIntegrityError,
  SubjectErasedError,
  SubjectKeyMissingError,
} from './errors';
export { AGE_BANDS, ageBandOf, pseudonymFor, pseudonymKeyFrom, type AgeBand } from './pseudonyms';
export { RestrictedSubjects, type SubjectRestriction } from './restricted-subjects';
export * from './audit';
export * from './pseudonymiser';
export * from './analyst-view';
export * from './apply-subject-event';
export * from './small-counts';
