/** Posts to a waiting execution's resume URL; n8n's own HTTP helper in the node or the endpoint. */
export type ResumePost = (url: string, body: unknown) => Promise<void>;

/** The time before which a claim still open counts as interrupted. */
export const staleBefore = (ms: number): string => new Date(Date.now() - ms).toISOString();

/** The HTTP status an error carries, wherever n8n's HTTP helper or fetch put it. */
export function httpStatus(error: unknown): number | undefined {
	const e = error as {
		response?: { status?: unknown };
		httpCode?: unknown;
		statusCode?: unknown;
		status?: unknown;
		cause?: unknown;
	};
	for (const value of [e?.response?.status, e?.httpCode, e?.statusCode, e?.status]) {
		const n = Number(value);
		if (Number.isInteger(n) && n >= 100) return n;
	}
	return e?.cause && e.cause !== error ? httpStatus(e.cause) : undefined;
}
