/** Resolves a Handlebars path such as `contact.first_name` or `this.appointment.start_time`. */
export function lookupPath(context: unknown, path: string): unknown {
	const parts = path
		.replace(/^(this|@root)[./]/, '')
		.split(/[./]/)
		.filter(Boolean);
	let value: unknown = context;
	for (const part of parts) {
		if (value === null || typeof value !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(value, part)) return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}
