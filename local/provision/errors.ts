/** A topology resource could not be created in its engine; the message names the resource and the engine's answer. */
export class ProvisionError extends Error {
  override readonly name = 'ProvisionError';
  readonly resource: string;

  constructor(resource: string, reason: string, options?: { cause?: unknown }) {
    super(`cannot provision ${resource}: ${reason}`, options);
    this.resource = resource;
  }
}
