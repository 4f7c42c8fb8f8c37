/** An error answered in Secrets Manager's JSON 1.1 shape: `{ "__type": code, "Message": message }`. */
export class SecretsManagerApiError extends Error {
  readonly code: string;
  readonly statusCode: number;

  constructor(code: string, message: string, statusCode = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.statusCode = statusCode;
  }
}

/** AWS's words for a secret id that names no secret. */
export const SECRET_NOT_FOUND = "Secrets Manager can't find the specified secret.";

export const secretNotFound = () => new SecretsManagerApiError('ResourceNotFoundException', SECRET_NOT_FOUND);
