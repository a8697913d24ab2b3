/**
 * Named failures that are not content problems (those are vfile messages with a place): a bad config, an
 * unreadable folder, an output that cannot be written. Each carries the path, the cause and how to fix it.
 */

/** Base class: every danlu failure says where and how to fix it. */
export class DanluError extends Error {
  override name = 'DanluError';
  /** File or folder the failure is about. */
  readonly path: string | undefined;
  /** One sentence on how to fix it. */
  readonly hint: string | undefined;

  constructor(message: string, options: { path?: string; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.path = options.path;
    this.hint = options.hint;
  }

  /** The message as the CLI prints it: `path: message` and the hint on its own line. */
  describe(): string {
    const head = this.path ? `${this.path}: ${this.message}` : this.message;
    return this.hint ? `${head}\n  hint: ${this.hint}` : head;
  }
}

/** The site config file is unreadable or has a value of the wrong type. */
export class ConfigError extends DanluError {
  override name = 'ConfigError';
}

/** The content folder is missing or unreadable. */
export class ContentDirError extends DanluError {
  override name = 'ContentDirError';
}

/** The output folder could not be written or swapped into place. */
export class OutputError extends DanluError {
  override name = 'OutputError';
}
