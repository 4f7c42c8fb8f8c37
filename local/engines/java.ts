import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JavaNotFoundError, MIN_JAVA_VERSION } from './errors.ts';

export interface JavaRuntime {
  /** The executable to spawn. */
  command: string;
  /** The major version, e.g. 17 (Java 8 reports itself as `1.8`, read as 8). */
  major: number;
  /** The version string as `java -version` printed it. */
  version: string;
}

/**
 * Finds a Java runtime for DynamoDB Local: `$JAVA_HOME/bin/java` when JAVA_HOME is set, else
 * `java` on the PATH. Throws {@link JavaNotFoundError} (saying how to install one) when there is
 * none or it is older than {@link MIN_JAVA_VERSION}.
 */
export async function findJava(env: NodeJS.ProcessEnv = process.env): Promise<JavaRuntime> {
  const command = javaCommand(env);
  const output = await new Promise<string>((resolve, reject) => {
    // `java -version` prints to stderr.
    execFile(command, ['-version'], { timeout: 10_000, env }, (error, stdout, stderr) => (error ? reject(error) : resolve(`${stderr}${stdout}`)));
  }).catch((error: NodeJS.ErrnoException) => {
    throw new JavaNotFoundError(
      error.code === 'ENOENT' ? `no \`${command}\` executable was found` : `\`${command} -version\` failed (${error.message.trim()})`,
      { cause: error },
    );
  });
  const version = parseJavaVersion(output);
  if (!version) throw new JavaNotFoundError(`could not read a version from \`${command} -version\`: ${JSON.stringify(output.slice(0, 200))}`);
  if (version.major < MIN_JAVA_VERSION) {
    throw new JavaNotFoundError(`\`${command}\` is Java ${version.version}, older than ${MIN_JAVA_VERSION}`);
  }
  return { command, ...version };
}

/** The Java executable {@link findJava} checks: `$JAVA_HOME/bin/java` when JAVA_HOME is set and has one, else `java`. */
export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  const fromHome = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', process.platform === 'win32' ? 'java.exe' : 'java') : undefined;
  return fromHome && existsSync(fromHome) ? fromHome : 'java';
}

/** Reads `openjdk version "17.0.15" 2025-04-15` or `java version "1.8.0_402"`. */
export function parseJavaVersion(output: string): { major: number; version: string } | undefined {
  const match = /version "([^"]+)"/.exec(output);
  if (!match?.[1]) return undefined;
  const version = match[1];
  const [first, second] = version.split(/[.+_-]/).map(Number);
  if (first === undefined || Number.isNaN(first)) return undefined;
  const major = first === 1 && second !== undefined && !Number.isNaN(second) ? second : first;
  return { major, version };
}
