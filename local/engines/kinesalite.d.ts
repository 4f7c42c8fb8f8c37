// kinesalite ships no types; this is the part of its API the engine uses (see its README).
declare module 'kinesalite' {
  import type { Server } from 'node:http';

  interface KinesaliteOptions {
    /** LevelDB directory; in memory (memdown) when absent. */
    path?: string;
    createStreamMs?: number;
    deleteStreamMs?: number;
    updateStreamMs?: number;
    shardLimit?: number;
    ssl?: boolean;
  }

  function kinesalite(options?: KinesaliteOptions): Server;
  export default kinesalite;
}
