import { randomUUID } from 'node:crypto';

/**
 * Builds a JSON answer around JSON texts that go out exactly as PostgreSQL sent them
 * (`jsonb::text`), so large stored values are neither parsed nor serialised again.
 *
 * `add` hands out a token to put where the value belongs; `stringify` serialises the
 * answer and replaces each token with its text. Tokens carry a random nonce drawn for this
 * answer, after the data was stored, so no stored value can match one; and they need no
 * escaping, which keeps JSON.stringify on its fast path.
 */
export class JsonSplice {
  private readonly nonce = randomUUID();
  private readonly texts: string[] = [];

  /** A stand-in for `text` (null stays null, as SQL NULL reads as JSON null). */
  add(text: string | null): string | null {
    if (text === null) return null;
    this.texts.push(text);
    return `${this.nonce}:${this.texts.length - 1}`;
  }

  stringify(value: unknown): string {
    const json = JSON.stringify(value);
    if (this.texts.length === 0) return json;
    return json.replace(new RegExp(`"${this.nonce}:(\\d+)"`, 'g'), (_token, index: string) => this.texts[Number(index)]);
  }
}
