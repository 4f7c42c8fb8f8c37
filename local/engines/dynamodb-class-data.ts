import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, delimiter, dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * Class data sharing (CDS) for DynamoDB Local's JVM. To answer its first request the JVM loads about 5,100 classes
 * (Jetty, the AWS SDK, Jackson, Log4j, DynamoDB Local's own): it reads, parses and verifies each from the jars, about
 * half of its CPU until then. A CDS archive holds them parsed and verified; a JVM started with it maps the archive
 * from disk instead (3.0 → 1.5 s of CPU to the first answer here, see local/engines/README.md).
 *
 * What stands in the way, and what this module does about it:
 * - CDS takes only jar files on the class path, and DynamoDBLocal.jar's manifest puts its own folder (`.`) and the
 *   native libraries there (`Class-Path`), so the JVM refuses to write an archive ("Cannot have non-empty directory
 *   in paths"). The JVM runs instead from a copy of the jar whose manifest has no `Class-Path` (the loopback launcher
 *   class added to it), with the jars that attribute named, in its order, on the command line.
 * - Java 17 writes such an archive (dynamic, on top of the JDK's own) only at exit (`-XX:ArchiveClassesAtExit`), so
 *   a start without one writes it when it stops, under a temporary name renamed into place once the JVM exited by
 *   itself: a truncated archive crashes the JVM that maps it (SIGBUS), so none is ever read while being written.
 *
 * Everything lives in `<dir>/<key>/`, the key covering the jar, the launcher, the Java executable and the JVM flags:
 * another DynamoDB Local, launcher or Java gets archives of its own. The JVM checks the rest itself (that the archive
 * is of its own build, and each jar's size and modification time) and runs without an archive it cannot use, which
 * {@link ClassDataSharing.discard} then deletes, so that the next start writes a new one as it stops.
 * https://docs.oracle.com/en/java/javase/17/vm/class-data-sharing.html
 */
export interface ClassDataSharing {
  /** `use`: an archive exists and is mapped; `write`: none yet, the JVM writes one at exit. */
  readonly mode: 'use' | 'write';
  /** The class path to launch with (instead of DynamoDBLocal.jar and the launcher's folder). */
  readonly classPath: string;
  /** `-XX:SharedArchiveFile=…` or `-XX:ArchiveClassesAtExit=…`. */
  readonly jvmFlags: readonly string[];
  /**
   * The JVM has exited. In `write` mode, once it had answered: the archive it wrote is moved into place if it exited
   * by itself (a `code`, not killed), and if it exited by itself without writing one, this Java is marked as unable
   * to (not tried again). A JVM that never answered leaves nothing.
   */
  afterExit(exit: { code: number | null; signal: NodeJS.Signals | null; output: string; answered: boolean }): Promise<void>;
  /** The JVM said it could not use the archive, or failed to start with it: deleted, so that a later start writes another. */
  discard(): Promise<void>;
}

export interface ClassDataOptions {
  /** The folder that keeps the archives (e.g. `.eventful/dynamodb-local-cds`). */
  dir: string;
  /** The Java executable the JVM is started with (`java` is looked up on the PATH). */
  java: string;
  /** DynamoDBLocal.jar. */
  jar: string;
  /** The compiled launcher class, added to the copy of the jar. */
  launcherClass: string;
  /** The JVM's other flags (the garbage collector, the compilers): an archive is only valid with the same ones. */
  jvmFlags: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/** The copy of the jar, the class path, the archive and the mark that a key can have none, in `<dir>/<key>/`. */
const JAR_COPY = 'DynamoDBLocal.jar';
const CLASS_PATH = 'class-path.json';
const ARCHIVE = 'dynamodb-local.jsa';
const NO_ARCHIVE = 'no-archive.json';
/** A temporary archive this old was left by a JVM killed while writing it (writing one takes seconds). */
const ABANDONED_AFTER_MS = 60 * 60_000;
/** CDS's warnings while writing (classes of old class file versions it skips) say nothing to act on. */
const QUIET_WHILE_WRITING = '-Xlog:cds=error,cds+dynamic=error';

/**
 * Prepares class data sharing for one start of DynamoDB Local: `undefined` when this Java cannot have an archive (a
 * previous attempt wrote none), else how to launch. Preparing the first time copies the jar (about 0.2 s).
 */
export async function prepareClassDataSharing(options: ClassDataOptions): Promise<ClassDataSharing | undefined> {
  const keyDir = join(options.dir, await classDataKey(options));
  if (await exists(join(keyDir, NO_ARCHIVE))) return undefined;
  await mkdir(keyDir, { recursive: true });
  const classPath = [join(keyDir, JAR_COPY), ...(await jarCopyAndClassPath(keyDir, options))].join(delimiter);
  const archive = join(keyDir, ARCHIVE);

  if (await exists(archive)) {
    return {
      mode: 'use',
      classPath,
      jvmFlags: [`-XX:SharedArchiveFile=${archive}`],
      afterExit: async () => {},
      discard: () => rm(archive, { force: true }),
    };
  }
  await removeAbandonedArchives(keyDir);
  const writing = join(keyDir, `${ARCHIVE}.${process.pid}-${randomUUID()}.tmp`);
  return {
    mode: 'write',
    classPath,
    jvmFlags: [QUIET_WHILE_WRITING, `-XX:ArchiveClassesAtExit=${writing}`],
    afterExit: async ({ code, output, answered }) => {
      const written = await exists(writing);
      if (!answered) {
        await rm(writing, { force: true });
        return;
      }
      if (code !== null && written) {
        await rename(writing, archive);
        return;
      }
      await rm(writing, { force: true });
      // Exited by itself and wrote nothing: this Java cannot (e.g. a JDK without its own base archive). Not tried again.
      if (code !== null && !written) {
        await writeFile(join(keyDir, NO_ARCHIVE), `${JSON.stringify({ exitCode: code, output: output.slice(-2_000) }, null, 2)}\n`);
      }
    },
    discard: () => rm(writing, { force: true }),
  };
}

/**
 * What an archive depends on besides what the JVM checks itself: the jar (path, size, time), the launcher class's
 * bytes, the Java executable (resolved through links: a JDK update replaces it) and the JVM flags.
 */
async function classDataKey(options: ClassDataOptions): Promise<string> {
  const java = await resolveExecutable(options.java, options.env ?? process.env);
  const [jarStat, javaStat, launcher] = await Promise.all([stat(options.jar), stat(java), readFile(options.launcherClass)]);
  const key = JSON.stringify({
    jar: [resolve(options.jar), jarStat.size, jarStat.mtimeMs],
    launcher: createHash('sha256').update(launcher).digest('hex'),
    java: [java, javaStat.size, javaStat.mtimeMs],
    flags: options.jvmFlags,
    platform: `${process.platform}-${process.arch}`,
  });
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The copy of the jar without `Class-Path` (made once per key) and the jars that attribute named, as absolute paths. */
async function jarCopyAndClassPath(keyDir: string, options: ClassDataOptions): Promise<string[]> {
  const recorded = join(keyDir, CLASS_PATH);
  try {
    if (await exists(join(keyDir, JAR_COPY))) return JSON.parse(await readFile(recorded, 'utf8')) as string[];
  } catch {
    // No record, or a broken one: made again below.
  }
  const { default: AdmZip } = await import('adm-zip');
  const zip = new AdmZip(await readFile(options.jar));
  const manifest = zip.getEntry('META-INF/MANIFEST.MF')?.getData().toString('utf8') ?? 'Manifest-Version: 1.0\r\n\r\n';
  const { classPath, withoutClassPath } = splitClassPath(manifest);
  const jars: string[] = [];
  for (const entry of classPath) {
    const path = resolve(dirname(options.jar), entry);
    if (entry.endsWith('.jar') && (await exists(path))) jars.push(path);
  }
  zip.updateFile('META-INF/MANIFEST.MF', Buffer.from(withoutClassPath, 'utf8'));
  zip.addFile(basename(options.launcherClass), await readFile(options.launcherClass));
  // The record first: a copy of the jar is only ever there with it.
  await writeAtomically(recorded, `${JSON.stringify(jars, null, 2)}\n`);
  // Synchronous (about 0.1 s, once): adm-zip's asynchronous writer throws from a stream callback on this jar.
  await writeAtomically(join(keyDir, JAR_COPY), zip.toBuffer());
  return jars;
}

/**
 * A jar manifest's `Class-Path` entries, and the manifest without that attribute. Manifest lines are at most 72
 * bytes, a longer value going on in lines that begin with a space.
 * https://docs.oracle.com/en/java/javase/17/docs/specs/jar/jar.html#jar-manifest
 */
export function splitClassPath(manifest: string): { classPath: string[]; withoutClassPath: string } {
  const lines = manifest.split(/\r?\n/);
  const kept: string[] = [];
  let value: string | undefined;
  let inClassPath = false;
  for (const line of lines) {
    if (line.startsWith(' ') && inClassPath) {
      value += line.slice(1);
      continue;
    }
    inClassPath = /^class-path:/i.test(line);
    if (inClassPath) value = line.slice('Class-Path:'.length);
    else kept.push(line);
  }
  const classPath = (value ?? '').split(' ').filter((entry) => entry !== '');
  return { classPath, withoutClassPath: kept.join('\r\n') };
}

/** `java` looked up on the PATH as the shell would, then resolved through links. */
async function resolveExecutable(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (isAbsolute(command) || command.includes('/') || command.includes('\\')) return realpath(command);
  const names = process.platform === 'win32' ? [`${command}.exe`, command] : [command];
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    for (const name of names) {
      const candidate = join(dir || '.', name);
      try {
        await access(candidate, constants.X_OK);
        return await realpath(candidate);
      } catch {
        // not there
      }
    }
  }
  throw new Error(`no \`${command}\` on the PATH`);
}

async function removeAbandonedArchives(keyDir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(keyDir)) {
    if (!name.startsWith(`${ARCHIVE}.`) || !name.endsWith('.tmp')) continue;
    const path = join(keyDir, name);
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: now }));
    if (now - mtimeMs > ABANDONED_AFTER_MS) await rm(path, { force: true });
  }
}

/** Written under a temporary name, then renamed: a concurrent start sees the whole file or none. */
async function writeAtomically(path: string, content: Buffer | string): Promise<void> {
  const temporary = `${path}.${process.pid}-${randomUUID()}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
