import type { SqlDatabase, SqlValue } from '../../core/store/database';

/**
 * A store connection that lists the statements a repository sends through it, in order, and can
 * run something of the test's own just before one of them (another process's write, say).
 */
export function watchStatements(
	db: SqlDatabase,
	before?: (sql: string) => void | Promise<void>,
): { db: SqlDatabase; statements: string[] } {
	const statements: string[] = [];
	const watched = new Proxy(db, {
		get(target, property) {
			const value = Reflect.get(target, property, target);
			if (property === 'all' || property === 'get' || property === 'run') {
				return async (sql: string, params?: SqlValue[]) => {
					statements.push(sql);
					await before?.(sql);
					return value.call(target, sql, params);
				};
			}
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
	return { db: watched, statements };
}
