/**
 * Markdown documents, read with marked's lexer (GitHub-flavoured: tables
 * included): headings become section headings, emphasis, links and code
 * marks are left out of the text, list items are paragraphs of their own,
 * tables become table rows. Lines inside a paragraph keep the line
 * structure of text files (a line without end punctuation is not glued to
 * the next), so "二、民生保障" above two items stays a heading.
 */
import { lexer, type Token, type Tokens } from 'marked';
import { readTable, rowSentence } from './tables.ts';
import { takeCaption, textUnits } from './layout.ts';
import type { CleanStats, Unit } from './units.ts';

/** What a Markdown file's front matter (--- title: … ---) says. */
export interface FrontMatter {
  title?: string;
  author?: string;
  date?: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

/** Reads and removes YAML-style front matter (simple `key: value` lines only). */
function frontMatter(source: string): { body: string; front: FrontMatter } {
  const m = FRONT_MATTER.exec(source.replace(/^\uFEFF/, ''));
  if (!m) return { body: source, front: {} };
  const front: FrontMatter = {};
  for (const line of m[1]!.split(/\r?\n/)) {
    const kv = /^\s*(title|author|date)\s*:\s*["']?(.*?)["']?\s*$/i.exec(line);
    if (kv && kv[2]) front[kv[1]!.toLowerCase() as keyof FrontMatter] = kv[2];
  }
  return { body: source.replace(/^\uFEFF/, '').slice(m[0].length), front };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_m, name: string) => ENTITIES[name] ?? _m);
}

/** The plain text of inline tokens: marks left out, links by their text, images by their description. */
function inlineText(tokens: readonly Token[] | undefined): string {
  let out = '';
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'br':
        out += '\n';
        break;
      case 'html':
        out += (token as Tokens.HTML).text.replace(/<[^>]*>/g, '');
        break;
      case 'codespan':
      case 'escape':
        out += decodeEntities((token as Tokens.Codespan).text);
        break;
      case 'image':
        out += (token as Tokens.Image).text;
        break;
      default:
        out += 'tokens' in token && token.tokens ? inlineText(token.tokens) : decodeEntities(String((token as Tokens.Text).text ?? ''));
    }
  }
  return out;
}

/**
 * A heading under another (### under ##) is named with its parents
 * ("一、经济发展 （一）工业经济"), so its text keeps the context of its part;
 * a single top heading (the title) is no one's parent.
 */
function withParents(units: Unit[]): Unit[] {
  const headings = units.filter((u) => u.kind === 'heading' && u.level !== undefined);
  const top = headings.reduce((n, u) => Math.min(n, u.level!), Infinity);
  const titleLevel = headings.filter((u) => u.level === top).length === 1 && headings[0]?.level === top ? top : 0;
  const stack: Unit[] = [];
  for (const unit of headings) {
    while (stack.length > 0 && stack[stack.length - 1]!.level! >= unit.level!) stack.pop();
    const own = unit.text;
    const parents = stack.filter((u) => u.level! > titleLevel).map((u) => u.text);
    stack.push({ ...unit, text: own });
    if (parents.length > 0) unit.text = [...parents, own].join(' ');
  }
  return units;
}

/** Reads Markdown into units; `front` gets what its front matter says. */
export function markdownUnits(source: string, stats: CleanStats): { units: Unit[]; front: FrontMatter } {
  const { body, front } = frontMatter(source);
  const units: Unit[] = [];
  const add = (unit: Omit<Unit, 'doubled' | 'page'>): void => {
    units.push({ doubled: false, page: 1, ...unit });
  };
  // Lines of a paragraph keep the line structure of text files (numbered headings, items, bylines, dates).
  const addLines = (text: string): void => {
    for (const unit of textUnits([text], stats, { headings: 'numbered' })) units.push(unit);
  };
  const walk = (tokens: readonly Token[]): void => {
    for (const token of tokens) {
      switch (token.type) {
        case 'heading': {
          const heading = token as Tokens.Heading;
          const text = inlineText(heading.tokens).replace(/\s*\n\s*/g, '').trim();
          if (text) add({ kind: 'heading', text, level: heading.depth });
          break;
        }
        case 'paragraph':
          addLines(inlineText((token as Tokens.Paragraph).tokens));
          break;
        case 'text':
          addLines('tokens' in token && token.tokens ? inlineText(token.tokens) : String((token as Tokens.Text).text));
          break;
        case 'list':
          for (const item of (token as Tokens.List).items) listItem(item);
          break;
        case 'blockquote':
          walk((token as Tokens.Blockquote).tokens);
          break;
        case 'table':
          table(token as Tokens.Table);
          break;
        case 'code':
          addLines((token as Tokens.Code).text);
          break;
        case 'html': {
          const text = (token as Tokens.HTML).text.replace(/<[^>]*>/g, '').trim();
          if (text) addLines(decodeEntities(text));
          break;
        }
        default:
          // hr, space, def: no text.
          break;
      }
    }
  };
  const listItem = (item: Tokens.ListItem): void => {
    const own: Token[] = [];
    const nested: Token[] = [];
    for (const t of item.tokens) (t.type === 'list' ? nested : own).push(t);
    const text = own.map((t) => ('tokens' in t && t.tokens ? inlineText(t.tokens) : String((t as Tokens.Text).text ?? ''))).join('\n');
    // An item is one paragraph: its lines are joined as text files join wrapped lines.
    const before = units.length;
    addLines(text);
    for (const unit of units.slice(before)) if (unit.kind === 'para' || unit.kind === 'heading') unit.kind = 'item';
    walk(nested);
  };
  const table = (token: Tokens.Table): void => {
    const { caption, unit } = takeCaption(units);
    const cell = (c: Tokens.TableCell): string => inlineText(c.tokens).replace(/\s+/g, ' ').trim();
    const lines = [token.header.map(cell), ...token.rows.map((r) => r.map(cell))];
    const rows = readTable({ lines, caption, unit });
    if (!rows) {
      for (const line of lines) addLines(line.join(' '));
      return;
    }
    for (const row of rows) add({ kind: 'row', text: rowSentence(row), row });
    stats.tableRows += rows.length;
  };
  walk(lexer(body, { gfm: true }));
  return { units: withParents(units), front };
}
