import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Child processes the engines started, killed when this process ends however it ends:
 * - a normal exit, `process.exit()` or an uncaught exception: the `exit` hook;
 * - SIGINT/SIGTERM/SIGHUP with no handler of the application's own: ours kills them and re-raises
 *   the signal so the default (terminate) still happens; with the application's own handler, the
 *   application owns shutdown and the `exit` hook is the backstop;
 * - SIGKILL or a crash, where no JavaScript runs: on Linux the child is started through
 *   `setpriv --pdeathsig KILL`, so the kernel kills it when its parent dies (prctl(2) PR_SET_PDEATHSIG).
 */
const children = new Set<ChildProcess>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let hooksInstalled = false;

const SETPRIV = '/usr/bin/setpriv';
const canUsePdeathsig = process.platform === 'linux' && existsSync(SETPRIV);

/** Spawns `command` so that it cannot outlive this process. */
export function spawnReaped(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  installHooks();
  const child = canUsePdeathsig ? spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args], options) : spawn(command, args, options);
  children.add(child);
  child.once('exit', () => children.delete(child));
  // A failed spawn emits `error` and never `exit`.
  child.once('error', () => children.delete(child));
  return child;
}

/** Asks the child to stop (SIGTERM), then kills it (SIGKILL) after `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function killAll(): void {
  for (const child of children) {
    if (!hasExited(child)) child.kill('SIGKILL');
  }
  children.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killAll();
  for (const name of SIGNALS) process.removeListener(name, onSignal);
  process.kill(process.pid, signal);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
