import { REPLAY_NAME_FIELD } from './constants.ts';
import type { LocalArchive } from './local-archive.ts';
import type { LocalRule, RuleState } from './local-rule.ts';
import { RuleSet, validatePattern } from './patterns/index.ts';
import type { EventEnvelope } from './types.ts';

/**
 * An event bus: its rules, indexed for matching when they load (a RuleSet compiles each pattern once), and the
 * archives recording it.
 */
export class LocalEventBus {
  readonly #rules = new Map<string, LocalRule>();
  readonly #enabled = new RuleSet<string>();
  readonly #archives = new Map<string, LocalArchive>();
  readonly #archiveMatchers = new RuleSet<string>();

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly creationTime: number,
  ) {}

  rule(name: string): LocalRule | undefined {
    return this.#rules.get(name);
  }

  /** Rules sorted by name, as ListRules returns them. */
  rules(): LocalRule[] {
    return [...this.#rules.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Adds or replaces a rule (a replaced rule keeps its targets when the new one has none given).
   *
   * @throws InvalidEventPatternError when EventBridge would refuse the pattern; the bus is then unchanged.
   */
  putRule(rule: LocalRule): void {
    this.#index(rule);
    this.#rules.set(rule.name, rule);
  }

  deleteRule(name: string): boolean {
    this.#enabled.remove(name);
    return this.#rules.delete(name);
  }

  setRuleState(rule: LocalRule, state: RuleState): void {
    rule.state = state;
    this.#index(rule);
  }

  /** Enabled rules whose pattern matches the event, in the order they were indexed. */
  match(event: EventEnvelope): LocalRule[] {
    return this.#enabled.match(event).map((name) => this.#rules.get(name)!);
  }

  addArchive(archive: LocalArchive): void {
    this.#archives.set(archive.name, archive);
    // An archive is a rule on its bus that never matches replayed events, so a replay is not archived twice.
    const pattern = archive.eventPattern === undefined ? {} : (JSON.parse(archive.eventPattern) as Record<string, unknown>);
    this.#archiveMatchers.add(archive.name, { ...pattern, [REPLAY_NAME_FIELD]: [{ exists: false }] });
  }

  archivesFor(event: EventEnvelope): LocalArchive[] {
    return this.#archiveMatchers.match(event).map((name) => this.#archives.get(name)!);
  }

  /** Compiles the rule into the index when it is enabled; throws (index unchanged) when its pattern is invalid. */
  #index(rule: LocalRule): void {
    if (rule.state !== 'DISABLED' && rule.eventPattern !== undefined) return this.#enabled.add(rule.name, rule.eventPattern);
    if (rule.eventPattern !== undefined) validatePattern(rule.eventPattern);
    this.#enabled.remove(rule.name);
  }
}
