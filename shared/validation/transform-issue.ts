import type * as z from './zod.ts';

/**
 * Reports a problem found by a transform (`z.transform((value, payload) => …)`). zod's mini API hands a transform
 * the parse payload itself, where the classic API added an `addIssue` to it; this pushes the same issue the classic
 * one did: a custom issue on `path` (relative to the transformed value), and with `fatal` the parse stops there.
 */
export function reportIssue(payload: z.core.ParsePayload, issue: { readonly message: string; readonly path?: PropertyKey[]; readonly fatal?: boolean }): void {
  payload.issues.push({
    code: 'custom',
    message: issue.message,
    input: payload.value,
    path: issue.path ?? [],
    ...(issue.fatal ? { continue: false } : {}),
  });
}
