// Teams' send limits (docs/workflow.md#limits): per conversation 7 per second and 60 per 30 s, per tenant 50 per second.
// Sliding windows over an injected clock; the dispatcher reschedules instead of sleeping.

interface Window {
  limit: number;
  ms: number;
}

export const CONVERSATION_WINDOWS: readonly Window[] = [
  { limit: 7, ms: 1_000 },
  { limit: 60, ms: 30_000 },
];
export const TENANT_WINDOWS: readonly Window[] = [{ limit: 50, ms: 1_000 }];

export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>();

  /** Milliseconds to wait before a send to these keys is allowed; 0 means go (and it is counted). */
  acquire(keys: readonly { key: string; windows: readonly Window[] }[], nowMs: number): number {
    let wait = 0;
    for (const { key, windows } of keys) {
      const times = this.trim(key, windows, nowMs);
      for (const w of windows) {
        const inWindow = times.filter((t) => t > nowMs - w.ms);
        if (inWindow.length >= w.limit) wait = Math.max(wait, inWindow[inWindow.length - w.limit]! + w.ms - nowMs);
      }
    }
    if (wait > 0) return wait;
    for (const { key } of keys) this.sent.get(key)!.push(nowMs);
    return 0;
  }

  /**
   * A send counted at `acquiredMs` finished at `doneMs`: it is counted from then on. Teams counts a message when it
   * arrives, which is no later than the answer, so the windows never open before Teams' do.
   */
  settle(keys: readonly { key: string }[], acquiredMs: number, doneMs: number): void {
    for (const { key } of keys) {
      const times = this.sent.get(key);
      const at = times?.lastIndexOf(acquiredMs) ?? -1;
      if (!times || at < 0) continue;
      times[at] = Math.max(acquiredMs, doneMs);
      times.sort((a, b) => a - b);
    }
  }

  private trim(key: string, windows: readonly Window[], nowMs: number): number[] {
    const longest = Math.max(...windows.map((w) => w.ms));
    const kept = (this.sent.get(key) ?? []).filter((t) => t > nowMs - longest);
    this.sent.set(key, kept);
    return kept;
  }
}
