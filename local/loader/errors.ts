/** Where in a template a value sits: the resource (or `Outputs.<Name>`) and the property path inside it. */
export interface TemplateLocation {
  stackName: string;
  logicalId: string;
  /** `Environment.Variables.QUEUE_URL`, `Targets[0].Arn`; empty for the resource itself. */
  propertyPath: string;
}

export function describeLocation({ stackName, logicalId, propertyPath }: TemplateLocation): string {
  return `stack ${stackName}, ${logicalId}${propertyPath === '' ? '' : `, property ${propertyPath}`}`;
}

/** The cloud assembly or a template in it cannot be turned into a local topology. */
export class TemplateLoadError extends Error {
  override name = 'TemplateLoadError';
}

/** `cdk.out` is missing, unreadable, or not a cloud assembly. */
export class AssemblyReadError extends TemplateLoadError {
  override name = 'AssemblyReadError';
  readonly file: string;

  constructor(file: string, reason: string, options?: ErrorOptions) {
    super(`Cannot read the cloud assembly at ${file}: ${reason}`, options);
    this.file = file;
  }
}

/**
 * An intrinsic function has no local value: a reference to something that does not exist, an attribute the
 * loader does not know, an export no stack declares, an SSM parameter value, or an intrinsic it does not implement.
 */
export class UnresolvableIntrinsicError extends TemplateLoadError {
  override name = 'UnresolvableIntrinsicError';
  readonly location: TemplateLocation;
  /** The intrinsic as written, e.g. `{"Fn::GetAtt":["Queue","Foo"]}`. */
  readonly intrinsic: string;
  readonly reason: string;

  constructor(location: TemplateLocation, intrinsic: string, reason: string) {
    super(`Cannot resolve ${intrinsic} (${describeLocation(location)}): ${reason}`);
    this.location = location;
    this.intrinsic = intrinsic;
    this.reason = reason;
  }
}

/** A value the template must provide is missing or has the wrong shape once resolved. */
export class InvalidTemplateValueError extends TemplateLoadError {
  override name = 'InvalidTemplateValueError';
  readonly location: TemplateLocation;

  constructor(location: TemplateLocation, reason: string) {
    super(`Invalid template value (${describeLocation(location)}): ${reason}`);
    this.location = location;
  }
}

/** Thrown by lookups inside the resolver; the resolver adds the location and the intrinsic. */
export class IntrinsicFailure extends Error {
  override name = 'IntrinsicFailure';
}
