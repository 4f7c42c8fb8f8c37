import { Duration } from 'aws-cdk-lib';

/*
 * API functions of the orders flow answer a waiting client: each makes one or two DynamoDB calls of
 * milliseconds (the webhook one Secrets Manager call per cold start), so a few seconds is ample, and
 * a hung call fails fast instead of holding the client until API Gateway's 30-second integration
 * limit. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 */
export const API_TIMEOUT = Duration.seconds(5);
