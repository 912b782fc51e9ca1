import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates the workspace file readable by its owner only, before SQLite opens it: it holds contacts,
 * conversations and password hashes. SQLite gives its -wal and -shm files the database file's mode.
 * An existing file keeps the mode its owner gave it.
 */
export function createPrivateFile(file: string): void {
	mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
	closeSync(openSync(file, 'a', 0o600));
}
