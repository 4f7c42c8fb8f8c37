import { describe, expect, it } from 'vitest';
import { BUILDERS } from '../../loader/builders/index.ts';
import { RESOURCE_IDENTITIES } from '../../loader/resource-identities.ts';
import { INERT_RESOURCES, SUPPORTED_RESOURCES, UNSUPPORTED_RESOURCES, classifyResource, unsupportedProperties } from '../../loader/resource-support.ts';

describe('resource support table', () => {
  it.each([
    ['AWS::SQS::Queue', 'supported'],
    ['AWS::Lambda::EventSourceMapping', 'supported'],
    ['AWS::IAM::Role', 'inert'],
    ['AWS::CDK::Metadata', 'inert'],
    ['Custom::S3AutoDeleteObjects', 'inert'],
    ['AWS::Lambda::Url', 'unsupported'],
    ['Custom::MyThing', 'unsupported'],
    ['AWS::CloudFormation::CustomResource', 'unsupported'],
    ['AWS::Glue::Job', 'unsupported'],
  ])('classifies %s as %s', (type, kind) => {
    // Assess
    expect(classifyResource(type).kind).toBe(kind);
  });

  it('explains an unknown type by naming it, and a custom resource by what does not run', () => {
    // Assess
    expect(classifyResource('AWS::Glue::Job')).toEqual({ kind: 'unsupported', reason: 'AWS::Glue::Job is not emulated locally', severity: 'warning' });
    expect(classifyResource('Custom::MyThing')).toMatchObject({ reason: expect.stringContaining('custom resources do not run locally') });
  });

  it('reports listed and unknown properties of a supported type, but not used or inert ones', () => {
    // Act
    const reported = unsupportedProperties(SUPPORTED_RESOURCES['AWS::Lambda::Function']!, ['Handler', 'Role', 'Layers', 'FileSystemConfigs', 'Shiny']);

    // Assess
    expect(reported).toEqual([
      { property: 'Layers', reason: expect.stringContaining('layer contents are not loaded'), severity: 'warning' },
      { property: 'FileSystemConfigs', reason: 'EFS file systems are not mounted locally', severity: 'error' },
      { property: 'Shiny', reason: 'the local runtime does not know this property', severity: 'warning' },
    ]);
  });

  it('has a builder for every supported type and no type in two lists', () => {
    // Assess
    expect(Object.keys(BUILDERS).sort()).toEqual(Object.keys(SUPPORTED_RESOURCES).sort());
    const lists = [Object.keys(SUPPORTED_RESOURCES), Object.keys(INERT_RESOURCES), Object.keys(UNSUPPORTED_RESOURCES)];
    expect(new Set(lists.flat()).size).toBe(lists.flat().length);
  });

  it('knows the identity of every supported resource a template can reference', () => {
    // Prepare
    const notReferenced = new Set(['AWS::Lambda::EventInvokeConfig', 'AWS::CloudFormation::Stack', 'Custom::S3BucketNotifications']);

    // Assess
    for (const type of Object.keys(SUPPORTED_RESOURCES).filter((candidate) => !notReferenced.has(candidate))) {
      expect(RESOURCE_IDENTITIES, type).toHaveProperty([type]);
    }
  });
});
