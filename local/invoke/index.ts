/**
 * Invoking one function of the running app by hand (`eventful invoke`): finding it by the name people use, and
 * generating a valid AWS event for it from the event shapes (`@eventful/local/aws-events`).
 */
export { FunctionNotFoundError, findFunction, shortPath } from './find-function.ts';
export { INVOKE_PATH, serveInvoke, type InvokeAnswer, type InvokeRequest } from './invoke-route.ts';
export { SAMPLE_KINDS, SampleKindError, sampleEvent, type SampleRequest } from './sample-event.ts';
