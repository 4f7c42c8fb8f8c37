/** The parts of a CloudFormation template the loader reads. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html */
export interface Template {
  Parameters?: Record<string, TemplateParameter>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources?: Record<string, TemplateResource>;
  Outputs?: Record<string, TemplateOutput>;
  Transform?: string | string[];
}

export interface TemplateParameter {
  Type: string;
  Default?: unknown;
  Description?: string;
}

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
  DependsOn?: string | string[];
}

export interface TemplateOutput {
  Value: unknown;
  Export?: { Name: unknown };
  Condition?: string;
  Description?: string;
}

/** `Metadata` keys the CDK CLI writes (`cdk synth` turns both on by default). */
export const CDK_PATH_METADATA = 'aws:cdk:path';
export const ASSET_PATH_METADATA = 'aws:asset:path';
export const ASSET_PROPERTY_METADATA = 'aws:asset:property';
