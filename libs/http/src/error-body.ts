/** The JSON body of every error response: Nest's familiar shape, plus fields specific to the error. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  [detail: string]: unknown;
}
