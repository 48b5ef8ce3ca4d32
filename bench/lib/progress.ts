/**
 * Terminal progress for long bench steps: drawn on stderr only when stderr is
 * a TTY, so pipes and CI stay quiet.
 */

/** A progress line that rewrites itself in place. */
export interface Progress {
  update(done: number, total: number): void;
  done(message?: string): void;
}

/** Creates a progress line labelled `label`; a no-op when stderr is not a TTY. */
export function progress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      stream.write(`\r${label}: ${done}/${total} (${pct}%)\x1b[K`);
    },
    done(message) {
      stream.write(`\r${label}: ${message ?? 'done'}\x1b[K\n`);
    },
  };
}
