import type { HttpApiSpec } from '../../topology/types.ts';
import { HTTP_API_DEFAULTS } from '../aws-defaults.ts';
import type { ResourceContext, TopologyDraft } from '../resource-context.ts';

/** `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations`, the long form of a Lambda integration URI. */
const INVOCATION_URI = /^arn:[^:]+:apigateway:[^:]*:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/;

export function lambdaArnOfIntegrationUri(uri: string): string | undefined {
  const match = INVOCATION_URI.exec(uri);
  if (match !== null) return match[1];
  return /^arn:[^:]+:lambda:/.test(uri) ? uri : undefined;
}

/** `AWS::ApiGatewayV2::Api`: HTTP APIs; a quick-create `Target` becomes a route of its own. */
export function buildHttpApi(resource: ResourceContext, draft: TopologyDraft): void {
  const protocol = resource.string('ProtocolType');
  if (protocol !== 'HTTP') {
    resource.report(`${protocol ?? 'this'} API is not served locally: only HTTP APIs are emulated`);
    return;
  }
  const identity = resource.identity();
  const apiId = String(identity.ref);
  const cors = resource.record('CorsConfiguration');
  const spec: HttpApiSpec = {
    ...resource.resourceIdentity(),
    apiId,
    routes: [],
    ...(cors === undefined ? {} : { cors: Object.fromEntries(Object.entries(cors).map(([key, value]) => [key[0]!.toLowerCase() + key.slice(1), value])) }),
    stages: [],
  };
  const quickTarget = resource.string('Target');
  if (quickTarget !== undefined) {
    const functionArn = lambdaArnOfIntegrationUri(quickTarget);
    if (functionArn === undefined) resource.report(`quick-create target ${quickTarget} is not emulated: only Lambda targets are served`);
    else {
      // Quick create makes a Lambda proxy integration with payload format 2.0 and a `$default` stage.
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-basic-concept.html
      spec.routes.push({
        routeKey: resource.string('RouteKey') ?? HTTP_API_DEFAULTS.quickCreateRouteKey,
        functionArn,
        payloadFormatVersion: '2.0',
        timeoutMillis: HTTP_API_DEFAULTS.timeoutMillis,
      });
      spec.stages!.push('$default');
    }
  }
  draft.http.apis.push({ apiId, spec });
}

/** `AWS::ApiGatewayV2::Integration`: Lambda proxy integrations. */
export function buildHttpIntegration(resource: ResourceContext, draft: TopologyDraft): void {
  const type = resource.string('IntegrationType');
  const uri = resource.string('IntegrationUri');
  const functionArn = type === 'AWS_PROXY' && uri !== undefined ? lambdaArnOfIntegrationUri(uri) : undefined;
  if (functionArn === undefined)
    resource.report(`integration ${type ?? ''} ${uri ?? ''} is not emulated: only Lambda proxy integrations are served`.replace(/\s+/g, ' '));
  draft.http.integrations.push({
    at: resource,
    apiId: resource.requiredString('ApiId'),
    integrationId: String(resource.identity().ref),
    ...(functionArn === undefined ? {} : { functionArn }),
    payloadFormatVersion: resource.string('PayloadFormatVersion') === '1.0' ? '1.0' : HTTP_API_DEFAULTS.payloadFormatVersion,
    timeoutMillis: resource.number('TimeoutInMillis') ?? HTTP_API_DEFAULTS.timeoutMillis,
  });
}

/** `AWS::ApiGatewayV2::Route`: `Target` is `integrations/<IntegrationId>`. */
export function buildHttpRoute(resource: ResourceContext, draft: TopologyDraft): void {
  const authorization = resource.string('AuthorizationType');
  if (authorization !== undefined && authorization !== 'NONE') {
    resource.report(`authorization type ${authorization} is not enforced locally: every request reaches the integration`);
  }
  const target = resource.string('Target');
  const integrationId = target?.startsWith('integrations/') === true ? target.slice('integrations/'.length) : undefined;
  draft.http.routes.push({
    at: resource,
    apiId: resource.requiredString('ApiId'),
    routeKey: resource.requiredString('RouteKey'),
    ...(integrationId === undefined ? {} : { integrationId }),
  });
}

export function buildHttpStage(resource: ResourceContext, draft: TopologyDraft): void {
  draft.http.stages.push({ apiId: resource.requiredString('ApiId'), stageName: resource.requiredString('StageName') });
}

/** Joins routes to their integrations and APIs, once every piece has been read. */
export function assembleHttpApis(draft: TopologyDraft): void {
  for (const route of draft.http.routes) {
    const api = draft.http.apis.find((candidate) => candidate.apiId === route.apiId);
    if (api === undefined) {
      route.at.report(`route ${route.routeKey} belongs to an API that is not served locally`);
      continue;
    }
    const integration = draft.http.integrations.find((candidate) => candidate.apiId === route.apiId && candidate.integrationId === route.integrationId);
    if (integration?.functionArn === undefined) {
      route.at.report(`route ${route.routeKey} has no Lambda integration: it is not served locally`);
      continue;
    }
    api.spec.routes.push({
      routeKey: route.routeKey,
      functionArn: integration.functionArn,
      payloadFormatVersion: integration.payloadFormatVersion,
      timeoutMillis: integration.timeoutMillis,
    });
  }
  for (const stage of draft.http.stages) {
    const api = draft.http.apis.find((candidate) => candidate.apiId === stage.apiId);
    if (api !== undefined && !api.spec.stages!.includes(stage.stageName)) api.spec.stages!.push(stage.stageName);
  }
  draft.topology.httpApis.push(...draft.http.apis.map(({ spec }) => spec));
}
