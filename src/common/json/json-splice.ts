/**
 * Builds a JSON answer around JSON texts that go out exactly as PostgreSQL sent them
 * (`jsonb::text`), so large stored values are neither parsed nor serialised again.
 *
 * `add` hands out a token to put where the value belongs; `stringify` serialises the
 * answer and replaces each token with its text. A token is a string starting with NUL,
 * which no stored text can hold (PostgreSQL text and jsonb reject NUL), so a token never
 * matches data.
 */
export class JsonSplice {
  private readonly texts: string[] = [];

  /** A stand-in for `text` (null stays null, as SQL NULL reads as JSON null). */
  add(text: string | null): string | null {
    if (text === null) return null;
    this.texts.push(text);
    return `\u0000${this.texts.length - 1}`;
  }

  stringify(value: unknown): string {
    const json = JSON.stringify(value);
    if (this.texts.length === 0) return json;
    return json.replace(/"\\u0000(\d+)"/g, (_token, index: string) => this.texts[Number(index)]);
  }
}
