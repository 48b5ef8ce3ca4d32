/**
 * Which bot message answered which question, so that an edited question can
 * edit its answer. This is a convenience, not needed for correctness: when the
 * entry is missing (another webhook instance, a restart), the bot answers the
 * edited question with a new reply instead.
 */

/** Maps (chat, question message) to the bot's reply message id. */
export interface ReplyStore {
  get(chatId: number, questionId: number): Promise<number | undefined> | number | undefined;
  set(chatId: number, questionId: number, replyId: number): Promise<void> | void;
}

/** A bounded in-memory store; the oldest entries are forgotten first. */
export class MemoryReplyStore implements ReplyStore {
  private readonly map = new Map<string, number>();

  /** @param capacity How many question → reply pairs to remember. */
  constructor(private readonly capacity = 10_000) {}

  get(chatId: number, questionId: number): number | undefined {
    return this.map.get(`${chatId}:${questionId}`);
  }

  set(chatId: number, questionId: number, replyId: number): void {
    const key = `${chatId}:${questionId}`;
    this.map.delete(key);
    this.map.set(key, replyId);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
  }
}
