/**
 * The names the Invoke API accepts for a function: `my-function`, `my-function:v1`,
 * `123456789012:function:my-function`, `arn:aws:lambda:us-east-1:123456789012:function:my-function[:qualifier]`.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_RequestSyntax
 */
export interface FunctionReference {
  functionName: string;
  qualifier?: string;
}

const FULL_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::(.+))?$/;
const PARTIAL_ARN = /^[0-9]{12}:function:([^:]+)(?::(.+))?$/;
const NAME = /^([^:]+)(?::(.+))?$/;

export function parseFunctionReference(nameOrArn: string): FunctionReference {
  const match = FULL_ARN.exec(nameOrArn) ?? PARTIAL_ARN.exec(nameOrArn) ?? NAME.exec(nameOrArn);
  const [, functionName = nameOrArn, qualifier] = match ?? [];
  return qualifier === undefined ? { functionName } : { functionName, qualifier };
}

export function functionArn(region: string, accountId: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}
