/**
 * Where an engine assigned an identifier other than the topology's: DynamoDB Local labels a table's stream with its
 * creation time, and fauxqs and kinesalite use their own account. Functions, rules and event source mappings hold
 * the topology's ARNs (the template's), so the runtime translates at the engine boundary with this map.
 */
export class EngineArns {
  readonly #toEngine = new Map<string, string>();
  readonly #toTopology = new Map<string, string>();

  /** Records a pair; identical ARNs are not recorded (nothing to translate). */
  add(topologyArn: string, engineArn: string): void {
    if (topologyArn === engineArn) return;
    this.#toEngine.set(topologyArn, engineArn);
    this.#toTopology.set(engineArn, topologyArn);
  }

  /** The engine's ARN for a topology ARN; the ARN itself when the engine uses the same. */
  toEngine(topologyArn: string): string {
    return this.#toEngine.get(topologyArn) ?? topologyArn;
  }

  /** The topology's ARN for an engine ARN; the ARN itself when unknown. */
  toTopology(engineArn: string): string {
    return this.#toTopology.get(engineArn) ?? engineArn;
  }

  /** `[topologyArn, engineArn]` pairs, for rewriting bodies and for logs. */
  entries(): [topologyArn: string, engineArn: string][] {
    return [...this.#toEngine.entries()];
  }

  get size(): number {
    return this.#toEngine.size;
  }
}
