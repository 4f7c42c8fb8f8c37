export { ALL_FAULT_KINDS, FAULT_AREAS, FAULT_KINDS, isFaultKind, type FaultKind } from './catalogue.ts';
export { Chaos, describeChaosSummary, type ChaosSummary, type InjectedFault } from './chaos.ts';
export { dynamoDbFault, kinesisPutRecordsFaults, putEventsEntryFault, type AwsJsonFault, type PutRecordsPlan } from './aws-faults.ts';
export { mulberry32, streamSeed } from './prng.ts';
export { ChaosSpecError, describeChaosSpec, parseChaosSpec, type ChaosSpec } from './spec.ts';
export { CRASH_WITHIN_MS, lambdaFault, runWithFault, type LambdaFault } from './lambda-faults.ts';
