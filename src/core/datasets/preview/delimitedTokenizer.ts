// An incremental CSV/TSV reader (RFC 4180 quoting, lenient like pandas): text arrives in
// chunks and records leave as soon as they are complete, so a file is never held whole.

export interface DelimitedRecord {
  /** null while the reader only counts */
  fields: string[] | null;
  /** 1-based line on which the record starts; a quoted newline makes a record span lines */
  line: number;
  /** characters from the start of the text to the end of the record and the first character of its line break */
  endOffset: number;
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** a quote inside a quoted field: the field's end, or the first half of an escaped quote */
  QuoteInQuoted,
}

const CR = 13;
const LF = 10;
const QUOTE = 34;

export class DelimitedTokenizer {
  /** set to false to only count the records that follow */
  keepFields = true;

  private state = State.FieldStart;
  private field = '';
  private fields: string[] = [];
  /** whether the current record has any content, so that empty lines can be skipped */
  private recordHasContent = false;
  private line = 1;
  private recordLine = 1;
  private offset = 0;
  private afterCR = false;
  private quotedCR = false;
  private readonly delimiter: number;

  constructor(
    delimiter: string,
    private readonly onRecord: (record: DelimitedRecord) => void,
  ) {
    if (delimiter.length !== 1) throw new Error(`a delimiter is one character, not ${JSON.stringify(delimiter)}`);
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(text: string): void {
    const length = text.length;
    let start = 0;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (this.afterCR) {
        this.afterCR = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.recordHasContent = true;
            start = i + 1;
          } else if (c === this.delimiter) {
            this.recordHasContent = true;
            this.endField('');
            start = i + 1;
          } else if (c === LF || c === CR) {
            this.endLine(c, '', i);
            start = i + 1;
          } else {
            this.state = State.Unquoted;
            this.recordHasContent = true;
            start = i;
          }
          break;
        case State.Unquoted:
          if (c === this.delimiter) {
            this.endField(this.take(text, start, i));
            this.state = State.FieldStart;
            start = i + 1;
          } else if (c === LF || c === CR) {
            this.endLine(c, this.take(text, start, i), i);
            this.state = State.FieldStart;
            start = i + 1;
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            this.append(text, start, i);
            this.state = State.QuoteInQuoted;
            this.quotedCR = false;
          } else if (c === CR) {
            this.line++;
            this.quotedCR = true;
          } else {
            if (c === LF && !this.quotedCR) this.line++;
            this.quotedCR = false;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.append('"', 0, 1);
            this.state = State.Quoted;
            start = i + 1;
          } else if (c === this.delimiter) {
            this.endField(this.take('', 0, 0));
            this.state = State.FieldStart;
            start = i + 1;
          } else if (c === LF || c === CR) {
            this.endLine(c, this.take('', 0, 0), i);
            this.state = State.FieldStart;
            start = i + 1;
          } else {
            // Text after a closing quote belongs to the field, as pandas and Python's csv read it.
            this.state = State.Unquoted;
            start = i;
          }
          break;
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.append(text, start, length);
    this.offset += length;
  }

  /** The text ended inside a quoted field: its closing quote is missing. */
  get insideQuotes(): boolean {
    return this.state === State.Quoted;
  }

  /** Flushes a last record without a line break. */
  end(): void {
    if (this.state !== State.FieldStart || this.recordHasContent) {
      this.endField(this.take('', 0, 0));
      this.emit(this.offset);
    }
    this.state = State.FieldStart;
  }

  private endLine(c: number, lastField: string, index: number): void {
    if (this.recordHasContent) {
      this.endField(lastField);
      this.emit(this.offset + index + 1);
    }
    this.line++;
    this.recordLine = this.line;
    this.afterCR = c === CR;
  }

  private emit(endOffset: number): void {
    this.onRecord({ fields: this.keepFields ? this.fields : null, line: this.recordLine, endOffset });
    this.fields = [];
    this.recordHasContent = false;
    this.recordLine = this.line;
  }

  private endField(value: string): void {
    if (this.keepFields) this.fields.push(value);
  }

  private append(text: string, start: number, end: number): void {
    if (this.keepFields && end > start) this.field += text.slice(start, end);
  }

  private take(text: string, start: number, end: number): string {
    const value = this.field + (this.keepFields ? text.slice(start, end) : '');
    this.field = '';
    return value;
  }
}
