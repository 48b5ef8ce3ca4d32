/**
 * Shows bot messages in a terminal: bold as bold (ANSI, only on a TTY),
 * quotes indented, buttons listed with numbers so they can be pressed by
 * typing the number.
 */
import type { InlineButton, Message } from './bot-api-server.ts';

const STYLE: Record<string, [string, string]> = {
  bold: ['\x1b[1m', '\x1b[22m'],
  italic: ['\x1b[3m', '\x1b[23m'],
  underline: ['\x1b[4m', '\x1b[24m'],
  code: ['\x1b[36m', '\x1b[39m'],
};

/** The message text with its entities applied. */
export function formatText(message: Pick<Message, 'text' | 'entities'>, color: boolean): string {
  const text = message.text ?? '';
  const opens = new Map<number, string[]>();
  const closes = new Map<number, string[]>();
  const quoted: [number, number][] = [];
  for (const e of message.entities ?? []) {
    if (e.type === 'blockquote' || e.type === 'expandable_blockquote') quoted.push([e.offset, e.offset + e.length]);
    const style = color ? STYLE[e.type] : undefined;
    if (style === undefined) continue;
    opens.set(e.offset, [...(opens.get(e.offset) ?? []), style[0]]);
    closes.set(e.offset + e.length, [style[1], ...(closes.get(e.offset + e.length) ?? [])]);
  }
  let out = '';
  for (let i = 0; i <= text.length; i++) {
    out += (closes.get(i) ?? []).join('') + (opens.get(i) ?? []).join('');
    const ch = text[i];
    if (ch === undefined) break;
    const inQuote = quoted.some(([a, b]) => i >= a && i < b);
    const lineStart = i === 0 || text[i - 1] === '\n';
    if (inQuote && lineStart) out += '│ ';
    out += ch;
  }
  return out;
}

/** Buttons of a message, in order. */
export function buttonsOf(message: Pick<Message, 'reply_markup'>): InlineButton[] {
  return message.reply_markup?.inline_keyboard.flat() ?? [];
}

/** A whole message for the terminal: text, then numbered buttons. */
export function formatMessage(message: Message, options: { color: boolean; edited?: boolean }): string {
  const dim = (s: string) => (options.color ? `\x1b[2m${s}\x1b[22m` : s);
  const head = options.edited ? dim('（机器人修改了上一条回复）') + '\n' : '';
  const buttons = buttonsOf(message);
  const list =
    buttons.length === 0 ? '' : '\n' + dim(buttons.map((b, i) => `[${i + 1}] ${b.text}`).join('  '));
  return `${head}${formatText(message, options.color)}${list}`;
}
