import { describe, expect, it } from 'vitest';
import { unsupportedS3Operation } from '../../endpoint/s3-operations.ts';

const HOST = '127.0.0.1:4566';

describe('unsupportedS3Operation', () => {
  it.each([
    ['PUT', '/imports/a.csv?tagging', HOST, 'PutObjectTagging'],
    ['GET', '/imports/a.csv?tagging', HOST, 'GetObjectTagging'],
    ['DELETE', '/imports/a.csv?tagging', HOST, 'DeleteObjectTagging'],
    ['PUT', '/imports/a.csv?acl', HOST, 'PutObjectAcl'],
    ['PUT', '/imports?tagging', HOST, 'PutBucketTagging'],
    ['PUT', '/imports?versioning', HOST, 'PutBucketVersioning'],
    ['GET', '/imports?versions', HOST, 'ListObjectVersions'],
    ['GET', '/imports?uploads', HOST, 'ListMultipartUploads'],
    ['GET', '/imports/a.csv?uploadId=u-1', HOST, 'ListParts'],
    ['GET', '/imports/a.csv?partNumber=2', HOST, 'GetObject by part number'],
    ['PUT', '/imports?policy', HOST, 'PutBucketPolicy'],
    ['GET', '/a.csv?tagging', 'imports.localhost:4566', 'GetObjectTagging'],
    ['constructor', '/imports/a.csv?tagging', HOST, 'constructorObjectTagging'],
  ])('names %s %s (Host %s) as %s, NotImplemented', (method, url, host, operation) => {
    // Act
    const error = unsupportedS3Operation(method, url, host);

    // Assess
    expect(error).toMatchObject({ status: 501, code: 'NotImplemented', message: expect.stringMatching(new RegExp(`^${operation} \\(`)) });
  });

  it.each([
    ['PUT', '/imports/a.csv?x-id=PutObject'],
    ['GET', '/imports/a.csv?x-id=GetObject&response-content-type=text%2Fcsv'],
    ['GET', '/imports?list-type=2&prefix=in%2F&delimiter=%2F'],
    ['GET', '/imports?lifecycle'],
    ['PUT', '/imports/a.csv?partNumber=1&uploadId=u-1'],
    ['POST', '/imports/a.csv?uploads'],
    ['POST', '/imports/a.csv?uploadId=u-1'],
    ['DELETE', '/imports/a.csv?uploadId=u-1'],
    ['POST', '/imports?delete'],
    ['GET', '/imports/a.csv?attributes'],
    ['GET', '/'],
  ])('lets %s %s through to the engine, which serves it', (method, url) => {
    // Act
    const error = unsupportedS3Operation(method, url, HOST);

    // Assess
    expect(error).toBeUndefined();
  });

  it('serves multipart uploads in virtual-hosted style too', () => {
    expect(unsupportedS3Operation('POST', '/a.csv?uploads', 'imports.localhost:4566')).toBeUndefined();
  });
});
