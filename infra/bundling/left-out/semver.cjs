// semver, left out of function bundles (see ../house-bundling.ts): only the X-Ray SDK's patcher of AWS SDK v2 clients
// requires it, and calls it only when a v2 client is traced.
const leftOut = () => {
  throw new Error(
    'semver is left out of this bundle (infra/bundling/house-bundling.ts): tracing an AWS SDK v2 client (captureAWS, captureAWSClient) is not supported; trace SDK v3 clients with captureAWSv3Client',
  );
};
module.exports = { gte: leftOut };
