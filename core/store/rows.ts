/** Row decoding shared by the repositories: both databases return 0/1 integers and JSON text. */
export const now = (): string => new Date().toISOString();

export const bool = (value: unknown): boolean => value === true || Number(value) === 1;

export function json<T>(value: unknown, fallback: T): T {
	if (typeof value !== 'string' || value === '') return fallback;
	try {
		return JSON.parse(value) as T;
	} catch {
		return fallback;
	}
}

export const num = (value: unknown): number => Number(value);

export const numOrNull = (value: unknown): number | null =>
	value === null || value === undefined ? null : Number(value);
