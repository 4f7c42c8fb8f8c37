import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConstructUsageError } from '../../infra/constructs/errors.ts';
import { EventfulFunction } from '../../infra/constructs/eventful-function.ts';
import { EventfulHttpApi } from '../../infra/constructs/eventful-http-api.ts';
import { createCheckedApp } from '../../infra/eventful-app.ts';
import { FIXTURE_HANDLER } from './support/fixture-app.ts';
import { acknowledgementsIn, readValidationReport } from './support/nag.ts';
import { resourcesOf } from './support/template.ts';

const PUBLIC_BECAUSE = 'Test route: public on purpose, to check the acknowledgement lands on this route only.';

function apiStack(outdir = mkdtempSync(join(tmpdir(), 'eventful-api-'))) {
  const app = createCheckedApp({ outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Api');
  const api = new EventfulHttpApi(stack, 'Http');
  const fn = new EventfulFunction(stack, 'Route', {
    name: 'fixture-api',
    entry: FIXTURE_HANDLER,
    description: 'Fixture: API route',
    invokedAsynchronously: false,
  });
  return { app, stack, api, fn, outdir };
}

describe('EventfulHttpApi', () => {
  let built: ReturnType<typeof apiStack>;
  let template: Template;
  beforeAll(() => {
    built = apiStack();
    built.api.addRoute(HttpMethod.GET, '/orders/{orderId}', built.fn, { withoutAuthorizerBecause: PUBLIC_BECAUSE });
    built.app.synth();
    template = Template.fromStack(built.stack);
  });

  it('serves one auto-deployed $default stage throttled at 100 requests per second, bursts of 200', () => {
    const stages = resourcesOf(template, 'AWS::ApiGatewayV2::Stage');

    expect(stages).toHaveLength(1);
    expect(stages[0]![1].Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });

  it('writes one JSON access log line per request, with the route and the integration error, kept 30 days', () => {
    const stage = resourcesOf(template, 'AWS::ApiGatewayV2::Stage')[0]![1].Properties;
    const logGroupId = built.stack.getLogicalId(built.api.accessLogs.node.defaultChild as never);

    expect(stage['AccessLogSettings'].DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    expect(JSON.parse(stage['AccessLogSettings'].Format)).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      integrationError: '$context.integrationErrorMessage',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('routes a method and path to the function through a Lambda proxy integration, payload format 2.0', () => {
    const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');
    const [integrationId, integration] = integrations[0]!;
    const routes = resourcesOf(template, 'AWS::ApiGatewayV2::Route');

    expect(integrations).toHaveLength(1);
    expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    expect(routes.map(([, r]) => r.Properties)).toEqual([
      expect.objectContaining({
        RouteKey: 'GET /orders/{orderId}',
        AuthorizationType: 'NONE',
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
      }),
    ]);
  });

  it('lets API Gateway invoke the function for its own route only', () => {
    const permissions = resourcesOf(template, 'AWS::Lambda::Permission').map(([, p]) => p.Properties);

    expect(permissions).toHaveLength(1);
    expect(permissions[0]).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
    expect(JSON.stringify(permissions[0]!['SourceArn'])).toContain('/*/*/orders/{orderId}');
  });

  it('outputs the base URL of the stage as ApiUrl', () => {
    expect(template.toJSON().Outputs.ApiUrl.Value).toEqual({
      'Fn::Join': ['', ['https://', { Ref: expect.any(String) }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/']],
    });
  });

  it('alarms on any server error answered by the stage', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('acknowledges the missing authorizer on the public route alone, with its reason, and passes the nag gate', () => {
    const route = built.api.httpApi.node.findAll().find((c) => c.node.id === 'GET--orders--{orderId}');

    expect(acknowledgementsIn(built.app).filter((a) => a.id === 'AwsSolutions-APIG4')).toEqual([
      { path: route?.node.path, id: 'AwsSolutions-APIG4', reason: PUBLIC_BECAUSE },
    ]);
    expect(readValidationReport(built.outdir).pluginReports).toEqual([]);
  });

  it('fails the synth on a route with neither an authorizer nor a reason to have none', () => {
    // Prepare
    const { app, api, fn } = apiStack();
    api.addRoute(HttpMethod.POST, '/orders', fn);

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).toThrow(/AwsSolutions-APIG4/);
  });

  it('attaches an authorizer to the route when given one, and needs no acknowledgement', () => {
    // Prepare
    const { app, stack, api, fn, outdir } = apiStack();
    const authorizer = new HttpJwtAuthorizer('Jwt', 'https://issuer.example.com', { jwtAudience: ['eventful'] });

    // Act
    api.addRoute(HttpMethod.POST, '/orders', fn, { authorizer });
    app.synth();

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /orders', AuthorizationType: 'JWT' });
    expect(acknowledgementsIn(app).filter((a) => a.id === 'AwsSolutions-APIG4')).toEqual([]);
    expect(readValidationReport(outdir).pluginReports).toEqual([]);
  });

  it('refuses a route given both an authorizer and a reason to have none', () => {
    // Prepare
    const { api, fn } = apiStack();
    const authorizer = new HttpJwtAuthorizer('Jwt', 'https://issuer.example.com', { jwtAudience: ['eventful'] });

    // Act
    const add = () => api.addRoute(HttpMethod.POST, '/orders', fn, { authorizer, withoutAuthorizerBecause: PUBLIC_BECAUSE });

    // Assess
    expect(add).toThrow(ConstructUsageError);
    expect(add).toThrow(/POST \/orders has an authorizer and a reason/);
  });
});
