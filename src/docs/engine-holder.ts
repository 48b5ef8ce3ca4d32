/**
 * Holds the live engine and swaps in a new one when documents change. Readers
 * call `getEngine()` for every question, so they always get a complete
 * engine: the old one until the new one is fully built, then the new one.
 */
import type { Engine } from '../engine/engine.ts';

/** The one place the current engine lives; pass `holder.getEngine` to the bot. */
export class EngineHolder {
  #engine: Engine;
  #generation = 0;

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  /** Returns the current engine. A bound function, safe to pass around on its own. */
  readonly getEngine = (): Engine => this.#engine;

  /** How many times the engine has been swapped; lets callers tell old answers from new. */
  get generation(): number {
    return this.#generation;
  }

  /** Makes `next` the live engine and returns the one it replaces. */
  swap(next: Engine): Engine {
    const previous = this.#engine;
    this.#engine = next;
    this.#generation++;
    return previous;
  }
}
