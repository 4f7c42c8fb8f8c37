import type { DestinationConfig, HttpApiSpec, LocalTopology, ResourceIdentity } from '../topology/types.ts';
import type { TemplateLocation } from './errors.ts';
import type { Identity } from './resource-identities.ts';
import type { Severity } from './resource-support.ts';
import type { StackScope } from './stack-scope.ts';
import type { TemplateResource } from './template.ts';
import { at, optionalBoolean, optionalList, optionalNumber, optionalRecord, optionalString, requiredString } from './values.ts';

/** One resource as a builder sees it: its resolved properties, identity, and a way to report what is not emulated. */
export class ResourceContext {
  readonly scope: StackScope;
  readonly logicalId: string;
  readonly resource: TemplateResource;
  private readonly draft: TopologyDraft;

  constructor(scope: StackScope, logicalId: string, resource: TemplateResource, draft: TopologyDraft) {
    this.scope = scope;
    this.logicalId = logicalId;
    this.resource = resource;
    this.draft = draft;
  }

  get type(): string {
    return this.resource.Type;
  }

  get stackName(): string {
    return this.scope.stackName;
  }

  get path(): string | undefined {
    return this.scope.constructPath(this.logicalId);
  }

  location(propertyPath = ''): TemplateLocation {
    return this.scope.location(this.logicalId, propertyPath);
  }

  /** Where a nested value sits, for messages: `location('Targets', 0, 'Arn')` → `Targets[0].Arn`. */
  locationOf(property: string, ...keys: (string | number)[]): TemplateLocation {
    return keys.reduce<TemplateLocation>((location, key) => at(location, key), this.location(property));
  }

  has(property: string): boolean {
    return this.prop(property) !== undefined;
  }

  prop(property: string): unknown {
    return this.scope.property(this.logicalId, property);
  }

  identity(): Identity {
    return this.scope.identity(this.logicalId);
  }

  /** The fields every spec of a named resource starts with. */
  resourceIdentity(): ResourceIdentity {
    const { name, arn } = this.identity();
    const path = this.path;
    return { stackName: this.stackName, logicalId: this.logicalId, ...(path === undefined ? {} : { path }), name, arn: arn ?? name };
  }

  string(property: string): string | undefined {
    return optionalString(this.prop(property), this.location(property));
  }

  requiredString(property: string): string {
    return requiredString(this.prop(property), this.location(property));
  }

  number(property: string): number | undefined {
    return optionalNumber(this.prop(property), this.location(property));
  }

  boolean(property: string): boolean | undefined {
    return optionalBoolean(this.prop(property), this.location(property));
  }

  record(property: string): Record<string, unknown> | undefined {
    return optionalRecord(this.prop(property), this.location(property));
  }

  list(property: string): unknown[] | undefined {
    return optionalList(this.prop(property), this.location(property));
  }

  /** Adds a line to the start-up report: something in this resource the runtime does not emulate. */
  report(reason: string, severity: Severity = 'warning'): void {
    const path = this.path;
    this.draft.topology.unsupported.push({
      stackName: this.stackName,
      logicalId: this.logicalId,
      ...(path === undefined ? {} : { path }),
      type: this.type,
      reason,
      severity,
    });
  }
}

/** The topology being built, plus what can only be attached once every resource has been read. */
export interface TopologyDraft {
  topology: LocalTopology;
  invokeConfigs: PendingInvokeConfig[];
  bucketNotifications: PendingBucketNotification[];
  http: {
    apis: { apiId: string; spec: HttpApiSpec }[];
    integrations: PendingIntegration[];
    routes: PendingRoute[];
    stages: { apiId: string; stageName: string }[];
  };
}

export interface PendingInvokeConfig {
  at: ResourceContext;
  functionName: string;
  qualifier: string;
  maximumRetryAttempts?: number;
  maximumEventAgeSeconds?: number;
  destinations: DestinationConfig;
}

export interface PendingBucketNotification {
  at: ResourceContext;
  bucketName: string;
}

export interface PendingIntegration {
  at: ResourceContext;
  apiId: string;
  integrationId: string;
  functionArn?: string;
  payloadFormatVersion: '1.0' | '2.0';
  timeoutMillis: number;
}

export interface PendingRoute {
  at: ResourceContext;
  apiId: string;
  routeKey: string;
  integrationId?: string;
}

export function emptyDraft(accountId: string, region: string): TopologyDraft {
  return {
    topology: {
      accountId,
      region,
      functions: [],
      queues: [],
      tables: [],
      streams: [],
      buckets: [],
      eventBuses: [],
      rules: [],
      archives: [],
      eventSourceMappings: [],
      schedules: [],
      httpApis: [],
      secrets: [],
      unsupported: [],
    },
    invokeConfigs: [],
    bucketNotifications: [],
    http: { apis: [], integrations: [], routes: [], stages: [] },
  };
}
