import { Injectable } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { decodeMasterKey, pseudonymFor, pseudonymKeyFrom } from '.';

/** The service's stable subject pseudonyms for analysts (same key, hence same pseudonym, in every service). */
@Injectable()
export class Pseudonymiser {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = pseudonymKeyFrom(decodeMasterKey(config.personalData.masterKey));
  }

  pseudonymFor(subjectRef: string | null | undefined): string | null {
    return subjectRef ? pseudonymFor(subjectRef, this.key) : null;
  }
}
