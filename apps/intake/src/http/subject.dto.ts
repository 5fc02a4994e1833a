import { IsString, MaxLength, MinLength } from 'class-validator';

/** `POST /subjects/:subjectRef/erasure`. */
export class EraseSubjectRequest {
  /** The legal ground, for example `UK GDPR Art. 17(1)(b)`. */
  @IsString() @MinLength(1) @MaxLength(200) legalBasis: string;
  @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}

/** `POST /subjects/:subjectRef/restriction` and `POST /subjects/:subjectRef/restriction/lift`. */
export class SubjectReasonRequest {
  @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}
