/**
 * Where import reports go, in the bucket of the imported file; keys under it are never imported (no
 * loops). Shared by the import function and the bucket's lifecycle rule and grants (infra).
 */
export const REPORTS_PREFIX = 'reports/';
