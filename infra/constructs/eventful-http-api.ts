import { CfnOutput, Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';
import { ConstructUsageError } from './errors.ts';
import type { EventfulFunction } from './eventful-function.ts';
import { alarmOnAny } from './alarm-on-any.ts';

/** The throttle of the default stage, applied to every route. */
export interface ApiThrottle {
  /** Steady-state requests per second. */
  readonly rateLimit: number;
  /** Requests accepted at once above the steady rate (the token bucket's size). */
  readonly burstLimit: number;
}

/**
 * 100 requests per second, bursts of 200. API Gateway's account-wide default is 10,000 rps (burst
 * 5,000) shared by every API in the region, and Lambda's default concurrency quota is 1,000 (far lower
 * on new accounts): a flood on this API would throttle unrelated functions first. At ~100 ms per
 * request, 100 rps holds about 10 concurrent executions, ample for this demo; clients get 429s
 * instead of our functions being starved.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */
export const DEFAULT_API_THROTTLE: ApiThrottle = { rateLimit: 100, burstLimit: 200 };

/**
 * One JSON object per request, with HTTP API context variables: the route matched, the status, both
 * latencies and the integration's error, so a 5xx can be told apart (function error or timeout).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  errorMessage: '$context.error.message',
};

export interface EventfulHttpApiProps {
  /**
   * The API name.
   * @default 'eventful'
   */
  readonly apiName?: string;
  /**
   * The default stage's throttle, for every route.
   * @default DEFAULT_API_THROTTLE (100 rps, burst 200)
   */
  readonly throttle?: ApiThrottle;
  /**
   * How long access logs are kept.
   * @default logs.RetentionDays.ONE_MONTH (as function logs)
   */
  readonly accessLogRetention?: logs.RetentionDays;
  /**
   * Where the 5xx alarm notifies.
   * @default no alarm action
   */
  readonly alarmTopic?: sns.ITopic;
}

/** How a route is protected: exactly one of the two. */
export interface RouteOptions {
  /** Checks every request before the function runs (e.g. an `HttpJwtAuthorizer`). */
  readonly authorizer?: apigwv2.IHttpRouteAuthorizer;
  /**
   * Why the route may be called without an authorizer (e.g. the function verifies a signature):
   * acknowledges cdk-nag's AwsSolutions-APIG4 on this route only, with this reason.
   */
  readonly withoutAuthorizerBecause?: string;
}

/**
 * The HTTP API (API Gateway v2) in front of the synchronous functions: one `$default` stage,
 * auto-deployed, with JSON access logs to a log group with a retention period, a throttle for every
 * route, an alarm on server errors, and its URL as the stack output `ApiUrl`.
 *
 * Each route is a Lambda proxy integration with payload format 2.0; API Gateway may invoke the
 * function for that route only. A route has an authorizer, or says why it needs none: cdk-nag
 * fails the synth of a route with neither (AwsSolutions-APIG4).
 *
 * @example
 * const api = new EventfulHttpApi(this, 'Api', { alarmTopic });
 * api.addRoute(apigwv2.HttpMethod.POST, '/webhooks/payments', paymentWebhook, {
 *   withoutAuthorizerBecause: 'The function verifies the provider HMAC signature of every request.',
 * });
 */
export class EventfulHttpApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** `5xx > 0` in a minute: a function failed or timed out behind a route. */
  readonly serverErrorAlarm: cloudwatch.Alarm;
  /** The base URL, ending in `/`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: EventfulHttpApiProps = {}) {
    super(scope, id);
    const throttle = props.throttle ?? DEFAULT_API_THROTTLE;
    this.httpApi = new apigwv2.HttpApi(this, 'Api', {
      apiName: props.apiName ?? 'eventful',
      description: 'eventful: orders, payment webhooks, activity and product stats',
      // The stage is created below: the default one takes neither access logs nor a throttle.
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });
    this.url = this.stage.url;
    new CfnOutput(this, 'Url', { key: 'ApiUrl', value: this.url, description: 'Base URL of the eventful HTTP API' });

    this.serverErrorAlarm = alarmOnAny(
      this,
      'ServerErrorAlarm',
      this.stage.metricServerError({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
      {
        description: 'The HTTP API answered 5xx: a function behind a route failed or timed out. See the access logs (integrationError).',
        ...(props.alarmTopic ? { topic: props.alarmTopic } : {}),
      },
    );
  }

  /**
   * Routes `method path` to `fn` (Lambda proxy, payload format 2.0). The function should be created
   * with `invokedAsynchronously: false`: API Gateway invokes it synchronously.
   *
   * @throws ConstructUsageError when both an authorizer and a reason to have none are given.
   */
  addRoute(method: apigwv2.HttpMethod, path: string, fn: EventfulFunction, options: RouteOptions = {}): apigwv2.HttpRoute {
    if (options.authorizer && options.withoutAuthorizerBecause !== undefined) {
      throw new ConstructUsageError(`${this.node.path}: route ${method} ${path} has an authorizer and a reason to have none: give one of them`);
    }
    const integration = new HttpLambdaIntegration(routeId(method, path), fn.function, { payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0 });
    const [route] = this.httpApi.addRoutes({
      path,
      methods: [method],
      integration,
      ...(options.authorizer ? { authorizer: options.authorizer } : {}),
    });
    if (!route) throw new ConstructUsageError(`${this.node.path}: no route was created for ${method} ${path}`);
    if (options.withoutAuthorizerBecause !== undefined) acknowledge(route, 'AwsSolutions-APIG4', options.withoutAuthorizerBecause);
    return route;
  }
}

/** `POST /orders/{orderId}` -> `PostOrdersOrderId`: a construct id without path separators. */
function routeId(method: string, path: string): string {
  return [method.toLowerCase(), ...path.split(/[^A-Za-z0-9]+/)]
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
