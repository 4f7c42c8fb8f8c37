import type { SecretSpec } from '../topology/types.ts';

import { LOCAL_DEFAULT_TAG, LOCAL_VALUE_FROM_ENV_TAG } from '../conventions.ts';

export { LOCAL_DEFAULT_TAG, LOCAL_VALUE_FROM_ENV_TAG };

/** A secret's value locally, and where it came from (for the live log: never the value itself). */
export type LocalValue = { found: true; value: string; source: string } | { found: false; hint: string };

/**
 * A template secret's value offline, first found of:
 * 1. the environment variable the tag `eventful:local-value-from-env` names, when set and not empty;
 * 2. `SecretString`, the value the template itself gives (what AWS would store);
 * 3. the tag `eventful:local-default`: a documented development value, never a real secret.
 * On AWS a `GenerateSecretString` value is random and known to no one; locally it must come from 1 or 3.
 */
export function localSecretValue(secret: SecretSpec, env: Readonly<Record<string, string | undefined>>): LocalValue {
  const variable = secret.tags[LOCAL_VALUE_FROM_ENV_TAG];
  const fromEnv = variable === undefined ? undefined : env[variable];
  if (variable !== undefined && fromEnv !== undefined && fromEnv !== '') return { found: true, value: fromEnv, source: `$${variable}` };
  if (secret.secretString !== undefined) return { found: true, value: secret.secretString, source: 'SecretString' };
  const fallback = secret.tags[LOCAL_DEFAULT_TAG];
  if (fallback !== undefined) return { found: true, value: fallback, source: `tag ${LOCAL_DEFAULT_TAG}` };
  return { found: false, hint: missingValueHint(secret, variable) };
}

function missingValueHint(secret: SecretSpec, variable: string | undefined): string {
  const label = `secret ${secret.name} (${secret.path ?? `${secret.stackName}/${secret.logicalId}`})`;
  if (variable !== undefined)
    return `${label} has no local value: set the environment variable ${variable} (its tag ${LOCAL_VALUE_FROM_ENV_TAG}) or tag it ${LOCAL_DEFAULT_TAG}`;
  return `${label} has no local value${secret.generated ? ' (AWS generates it)' : ''}: tag it ${LOCAL_VALUE_FROM_ENV_TAG}=<VARIABLE> and set that variable, or tag it ${LOCAL_DEFAULT_TAG}=<development value>`;
}
