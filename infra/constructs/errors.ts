/** A construct was used in a way that would deploy something unsafe or broken; the message names the construct. */
export class ConstructUsageError extends Error {
  override readonly name = 'ConstructUsageError';
}
