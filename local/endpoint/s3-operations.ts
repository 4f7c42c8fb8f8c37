import type { AwsError } from './aws-error.ts';

/**
 * S3 selects most operations by a query "subresource" (`PUT /bucket/key?tagging` is PutObjectTagging). fauxqs routes
 * by method and path and looks at a few of them only, so any other one reaches its plain handler: PutObjectTagging
 * overwrote the object with the tagging XML (and raised Object Created, so an app tagging what it receives looped
 * forever), PutBucketVersioning "created" the bucket again and answered 200. These are the subresources fauxqs
 * serves, by method and by whether the path names a bucket or an object (s3Router.js of fauxqs 2.4).
 */
const SERVED: Readonly<Record<'bucket' | 'object', Readonly<Record<string, readonly string[]>>>> = {
  bucket: { GET: ['lifecycle'], PUT: ['lifecycle'], DELETE: ['lifecycle'], POST: ['delete'], HEAD: [] },
  object: { GET: ['attributes'], PUT: ['renameObject', 'uploadId', 'partNumber'], DELETE: ['uploadId'], POST: ['uploads', 'uploadId'], HEAD: [] },
};

/**
 * S3's subresources and the operations they select (object-level name first). A query key outside this list is an
 * ordinary parameter (`prefix`, `list-type`, the SDK's `x-id`, `versionId`, response-header overrides, …).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
 */
const SUBRESOURCES: Readonly<Record<string, string>> = {
  tagging: 'Tagging',
  acl: 'Acl',
  versioning: 'BucketVersioning',
  versions: 'ListObjectVersions',
  uploads: 'MultipartUploads',
  uploadId: 'Parts',
  policy: 'BucketPolicy',
  policyStatus: 'BucketPolicyStatus',
  cors: 'BucketCors',
  encryption: 'BucketEncryption',
  website: 'BucketWebsite',
  logging: 'BucketLogging',
  notification: 'BucketNotificationConfiguration',
  replication: 'BucketReplication',
  'object-lock': 'ObjectLockConfiguration',
  'legal-hold': 'ObjectLegalHold',
  retention: 'ObjectRetention',
  restore: 'RestoreObject',
  select: 'SelectObjectContent',
  location: 'BucketLocation',
  accelerate: 'BucketAccelerateConfiguration',
  analytics: 'BucketAnalyticsConfiguration',
  inventory: 'BucketInventoryConfiguration',
  metrics: 'BucketMetricsConfiguration',
  'intelligent-tiering': 'BucketIntelligentTieringConfiguration',
  ownershipControls: 'BucketOwnershipControls',
  publicAccessBlock: 'PublicAccessBlock',
  requestPayment: 'BucketRequestPayment',
  torrent: 'ObjectTorrent',
  session: 'CreateSession',
  attributes: 'ObjectAttributes',
  lifecycle: 'BucketLifecycleConfiguration',
  renameObject: 'RenameObject',
  delete: 'DeleteObjects',
  partNumber: 'UploadPart',
};

const VERBS: Readonly<Record<string, string>> = { GET: 'Get', PUT: 'Put', DELETE: 'Delete', POST: 'Post', HEAD: 'Head' };

/**
 * AWS's answer to an S3 operation the local engine does not implement: `NotImplemented` (501), in S3's error XML,
 * naming the operation, instead of letting the engine mishandle it. `undefined` for what the engine serves.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
 */
export function unsupportedS3Operation(method: string, url: string, host: string | undefined): AwsError | undefined {
  const [path = '/', query = ''] = url.split('?', 2);
  const rest = path.slice(1);
  // Virtual-hosted style (`<bucket>.localhost:4566/<key>`) names the bucket in the host; path-style in the path.
  const virtualHosted = host !== undefined && /^(?!s3\.|sqs\.)[^:]+\.localhost(?::\d+)?$/i.test(host);
  const key = virtualHosted ? rest : rest.includes('/') ? rest.slice(rest.indexOf('/') + 1) : '';
  if (!virtualHosted && rest === '') return undefined;
  const level = key !== '' ? 'object' : 'bucket';
  const served = SERVED[level][method] ?? [];
  for (const key of new URLSearchParams(query).keys()) {
    if (!Object.hasOwn(SUBRESOURCES, key) || served.includes(key)) continue;
    const operation = operationName(method, level, key);
    return {
      status: 501,
      code: 'NotImplemented',
      message: `${operation} (${method} ${level === 'object' ? '/<bucket>/<key>' : '/<bucket>'}?${key}) is not implemented by the local S3 engine (fauxqs); nothing was changed`,
    };
  }
  return undefined;
}

function operationName(method: string, level: 'bucket' | 'object', key: string): string {
  const resource = SUBRESOURCES[key] ?? key;
  if (/^(List|Create|Restore|Select|Rename|Delete|Upload)[A-Z]/.test(resource) && !resource.startsWith('DeleteObjects')) return resource;
  if (key === 'uploads') return method === 'GET' ? 'ListMultipartUploads' : 'CreateMultipartUpload';
  if (key === 'uploadId') return method === 'GET' ? 'ListParts' : 'UploadPart';
  const verb = VERBS[method] ?? method;
  if (key === 'tagging' || key === 'acl') return `${verb}${level === 'object' ? 'Object' : 'Bucket'}${resource}`;
  return `${verb}${resource}`;
}
