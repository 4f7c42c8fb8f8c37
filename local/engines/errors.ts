import type { EngineName } from './types.ts';

/** DynamoDB Local 2.3.0 and later are built for JDK 17 (its release notes: "Upgrading to JDK 17"). */
export const MIN_JAVA_VERSION = 17;

/** An engine could not start: the message names the engine and why. */
export class EngineStartError extends Error {
  override name = 'EngineStartError';
  readonly engine: EngineName;

  constructor(engine: EngineName, reason: string, options?: ErrorOptions) {
    super(`${engine} engine failed to start: ${reason}`, options);
    this.engine = engine;
  }
}

/** DynamoDB Local runs on the JVM: no suitable `java` was found. */
export class JavaNotFoundError extends EngineStartError {
  override name = 'JavaNotFoundError';

  constructor(reason: string, options?: ErrorOptions) {
    super(
      'dynamodb',
      `${reason}. DynamoDB Local needs Java ${MIN_JAVA_VERSION} or later: install it with ` +
        '`apt-get install openjdk-17-jre-headless` (Debian/Ubuntu), `brew install openjdk@17` (macOS) ' +
        'or `winget install Microsoft.OpenJDK.17` (Windows), or set JAVA_HOME to an existing installation',
      options,
    );
  }
}

/** An engine did not answer its readiness probe in time. */
export class EngineNotReadyError extends EngineStartError {
  override name = 'EngineNotReadyError';
}
