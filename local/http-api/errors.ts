/** An HTTP API the local server cannot serve as AWS would: a malformed route key, or two APIs claiming one route. */
export class HttpApiConfigError extends Error {
  override readonly name = 'HttpApiConfigError';
  readonly apiName: string;

  constructor(apiName: string, reason: string) {
    super(`HTTP API ${apiName}: ${reason}`);
    this.apiName = apiName;
  }
}
