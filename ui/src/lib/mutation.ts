// The one way a screen sends a change: with the version it is based on; on `conflict` the screen
// reloads the stored values and says so (the message tells the user the newer values are shown);
// on any other error it shows the translated message. Changes of one screen run one after
// another, so each is based on the version the previous one produced.
import type { ErrorPayload } from './bindings';
import { asPayload } from './errors';

export interface MutationOptions<V> {
  /** The version the next change is based on (read when the change starts). */
  version: () => V;
  /** Loads the stored values again; called after a conflict. */
  reload: () => Promise<unknown>;
  /**
   * Shows the error of the last change (`errorMessage` translates it), or clears it (`null`)
   * when a change starts.
   */
  show: (error: ErrorPayload | null) => void;
}

/** Sends one change; resolves with its result or rejects with the core's error payload. */
export type Send<V> = <T>(change: (version: V) => Promise<T>) => Promise<T>;

/**
 * A sender for one screen. A rejected change rejects with the error payload too, so a form can
 * show its field errors; the banner has been set (or the stored values reloaded) already.
 */
export function mutations<V>(options: MutationOptions<V>): Send<V> {
  let queue: Promise<unknown> = Promise.resolve();
  const run = async <T>(change: (version: V) => Promise<T>): Promise<T> => {
    options.show(null);
    try {
      return await change(options.version());
    } catch (e) {
      const error = asPayload(e);
      if (error.code === 'conflict') await options.reload().catch(() => {});
      options.show(error);
      throw error;
    }
  };
  return <T>(change: (version: V) => Promise<T>) => {
    const next = queue.then(() => run(change));
    queue = next.catch(() => {});
    return next;
  };
}

/** For settings without a version: the same messages, nothing to reload. */
export function settingMutations(show: (error: ErrorPayload | null) => void): Send<undefined> {
  return mutations<undefined>({ version: () => undefined, reload: async () => {}, show });
}
