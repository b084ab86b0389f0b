import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DomainError } from '@app/kernel';

/** A problem in one file of a template folder; the message names the file. */
export class TemplateFolderError extends DomainError {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super('template_invalid', `${file}: ${problem}`, [], { file });
    this.name = 'TemplateFolderError';
  }
}

export type Json = Record<string, unknown>;

/** Reads files of one folder, turning every I/O or parse problem into an error that names the file. */
export class TemplateFolder {
  constructor(private readonly dir: string) {}

  describe(file: string): string {
    return path.join(this.dir, file);
  }

  /**
   * A Handlebars or HTML source. The newline that ends a text file is not part
   * of the template: kept, it would end every subject and SMS with a line break.
   */
  async text(file: string): Promise<string> {
    const source = await this.read(file);
    if (source.trim() === '') throw new TemplateFolderError(this.describe(file), 'is empty');
    return source.replace(/\r?\n$/, '');
  }

  /** Names of the files in a sub-folder ending with `extension`, sorted; none when the folder is absent. */
  async list(subfolder: string, extension: string): Promise<string[]> {
    try {
      const entries = await readdir(path.join(this.dir, subfolder), { withFileTypes: true });
      return entries.filter((e) => e.isFile() && e.name.endsWith(extension)).map((e) => e.name).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new TemplateFolderError(this.describe(subfolder), `cannot be read (${reason(error)})`);
    }
  }

  async json(file: string): Promise<Json> {
    const source = await this.read(file);
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw new TemplateFolderError(this.describe(file), `is not valid JSON (${reason(error)})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TemplateFolderError(this.describe(file), 'must hold a JSON object');
    }
    return value as Json;
  }

  private async read(file: string): Promise<string> {
    try {
      return await readFile(this.describe(file), 'utf8');
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new TemplateFolderError(this.describe(file), missing ? 'is missing' : `cannot be read (${reason(error)})`);
    }
  }
}

/** Typed access to the fields of one JSON object, failing with the file and the field's dotted path. */
export class FieldReader {
  constructor(
    readonly where: string,
    readonly value: Json,
    private readonly prefix = '',
  ) {}

  fail(field: string, problem: string): never {
    throw new TemplateFolderError(this.where, `"${this.path(field)}" ${problem}`);
  }

  has(field: string): boolean {
    return Object.hasOwn(this.value, field);
  }

  onlyFields(allowed: readonly string[]): void {
    for (const field of Object.keys(this.value)) {
      if (!allowed.includes(field)) {
        this.fail(field, allowed.length > 0 ? `is not a known field (known: ${allowed.join(', ')})` : 'is not a known field (none are)');
      }
    }
  }

  text(field: string): string {
    const value = this.value[field];
    if (typeof value !== 'string' || value.trim() === '') this.fail(field, 'must be a non-empty string');
    return value as string;
  }

  optionalText(field: string): string | undefined {
    return this.has(field) ? this.text(field) : undefined;
  }

  integer(field: string): number {
    const value = this.value[field];
    if (typeof value !== 'number' || !Number.isInteger(value)) this.fail(field, 'must be an integer');
    return value as number;
  }

  optionalBoolean(field: string): boolean | undefined {
    if (!this.has(field)) return undefined;
    const value = this.value[field];
    if (typeof value !== 'boolean') this.fail(field, 'must be true or false');
    return value as boolean;
  }

  object(field: string): Json {
    const value = this.value[field];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, 'must be an object');
    return value as Json;
  }

  list(field: string): unknown[] {
    const value = this.value[field];
    if (!Array.isArray(value)) this.fail(field, 'must be an array');
    return value as unknown[];
  }

  textList(field: string, pattern?: RegExp, expected = 'a non-empty string'): string[] {
    return this.list(field).map((item, index) => {
      if (typeof item !== 'string' || item.trim() === '' || (pattern && !pattern.test(item))) {
        this.fail(`${field}[${index}]`, `must be ${expected}`);
      }
      return item as string;
    });
  }

  nested(field: string): FieldReader {
    return new FieldReader(this.where, this.object(field), this.path(field));
  }

  nestedItem(field: string, index: number, item: unknown): FieldReader {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) this.fail(`${field}[${index}]`, 'must be an object');
    return new FieldReader(this.where, item as Json, this.path(`${field}[${index}]`));
  }

  private path(field: string): string {
    return this.prefix ? `${this.prefix}.${field}` : field;
  }
}

export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
