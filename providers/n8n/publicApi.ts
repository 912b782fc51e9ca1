import type {
	N8nCredentialSummary,
	N8nWorkflow,
	N8nWorkflowBody,
	WorkflowApiCapabilities,
} from './types';

/** Where an n8n answers, and the API key its public API takes (`X-N8N-API-KEY`). */
export interface N8nApiConfig {
	/** The n8n's address, such as http://localhost:5678; `/api/v1` is added when missing. */
	baseUrl: string;
	apiKey: string;
	timeoutMs?: number;
}

export type N8nApiFailure = 'auth' | 'scope' | 'connection' | 'refused';

export class N8nApiError extends Error {
	constructor(
		readonly kind: N8nApiFailure,
		message: string,
		readonly status?: number,
	) {
		super(message);
		this.name = 'N8nApiError';
	}
}

const PAGE = 250;

function detail(text: string): string {
	try {
		const parsed = JSON.parse(text) as { message?: unknown };
		if (typeof parsed.message === 'string' && parsed.message) return parsed.message;
	} catch {
		// Not JSON: a proxy's page, for instance.
	}
	return text.replace(/\s+/g, ' ').trim().slice(0, 200) || 'no details';
}

/**
 * n8n's public REST API (v1), the way n8n itself offers to automate it: workflows are created,
 * updated and archived here, never written into n8n's database. Works with n8n 2.x and 1.x, whose
 * APIs differ: 1.x cannot list or update credentials, keeps no drafts and archives nothing. The key
 * goes only into its header and never into an error message.
 */
export class N8nPublicApi {
	private readonly base: string;
	private found?: Promise<WorkflowApiCapabilities>;

	constructor(private readonly config: N8nApiConfig) {
		const trimmed = config.baseUrl.trim().replace(/\/+$/, '');
		this.base = /\/api\/v1$/.test(trimmed) ? trimmed : `${trimmed}/api/v1`;
	}

	private async call(
		method: string,
		path: string,
		body?: unknown,
	): Promise<{ status: number; json: unknown; text: string }> {
		let response: Response;
		try {
			response = await fetch(`${this.base}${path}`, {
				method,
				headers: {
					'X-N8N-API-KEY': this.config.apiKey,
					accept: 'application/json',
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(this.config.timeoutMs ?? 30_000),
			});
		} catch (error) {
			const cause = (error as { cause?: { code?: string } }).cause;
			throw new N8nApiError(
				'connection',
				`n8n's API at ${this.base} could not be reached (${cause?.code ?? (error as Error).name})`,
			);
		}
		const text = await response.text();
		let json: unknown;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: response.status, json, text };
	}

	private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await this.call(method, path, body);
		if (res.status >= 200 && res.status < 300) return res.json as T;
		throw this.failure(method, path, res.status, res.text);
	}

	private failure(method: string, path: string, status: number, text: string): N8nApiError {
		if (status === 401)
			return new N8nApiError(
				'auth',
				"n8n refused the API key (401): check the n8n API credential's API Key",
				status,
			);
		if (status === 403)
			return new N8nApiError(
				'scope',
				`n8n refused ${method} ${path} (403): ${detail(text)}. Give the API key the scopes the README's Snapshots section lists`,
				status,
			);
		return new N8nApiError(
			'refused',
			`n8n answered ${method} ${path} with ${status}: ${detail(text)}`,
			status,
		);
	}

	/** Asked once: 2.x lists credentials (200, or 403 without the scope); 1.x has no such route. */
	capabilities(): Promise<WorkflowApiCapabilities> {
		this.found ??= (async () => {
			const res = await this.call('GET', '/credentials?limit=1');
			if (res.status === 401) throw this.failure('GET', '/credentials', 401, res.text);
			const modern = res.status !== 404 && res.status !== 405;
			return { listCredentials: res.status === 200, updateCredentials: modern, drafts: modern };
		})();
		return this.found;
	}

	private async pages<T>(path: string): Promise<T[]> {
		const all: T[] = [];
		let cursor: string | undefined;
		do {
			const separator = path.includes('?') ? '&' : '?';
			const page = await this.request<{ data: T[]; nextCursor?: string | null }>(
				'GET',
				`${path}${separator}limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	listWorkflows(): Promise<N8nWorkflow[]> {
		return this.pages<N8nWorkflow>('/workflows?excludePinnedData=true');
	}

	async getWorkflow(id: string): Promise<N8nWorkflow | undefined> {
		const res = await this.call(
			'GET',
			`/workflows/${encodeURIComponent(id)}?excludePinnedData=true`,
		);
		if (res.status === 404) return undefined;
		if (res.status >= 300) throw this.failure('GET', `/workflows/${id}`, res.status, res.text);
		return res.json as N8nWorkflow;
	}

	createWorkflow(body: N8nWorkflowBody): Promise<N8nWorkflow> {
		return this.request('POST', '/workflows', body);
	}

	/** On 2.x a published workflow keeps running its published version; the update waits as a draft. */
	async updateWorkflow(id: string, body: N8nWorkflowBody): Promise<N8nWorkflow> {
		const { drafts } = await this.capabilities();
		const path = `/workflows/${encodeURIComponent(id)}${drafts ? '?publishIfActive=false' : ''}`;
		return this.request('PUT', path, body);
	}

	async deleteWorkflow(id: string): Promise<void> {
		await this.request('DELETE', `/workflows/${encodeURIComponent(id)}`);
	}

	/** Archived on 2.x, unpublished on 1.x: either way its history stays, and the returned step brings it back. */
	async removeWorkflow(id: string): Promise<() => Promise<void>> {
		const { drafts: modern } = await this.capabilities();
		const current = await this.getWorkflow(id);
		if (!current) return async () => {};
		const path = `/workflows/${encodeURIComponent(id)}`;
		if (modern) {
			await this.request('POST', `${path}/archive`, {});
			return async () => {
				await this.request('POST', `${path}/unarchive`, {});
				if (current.active) await this.request('POST', `${path}/publish`, {});
			};
		}
		if (current.active) await this.request('POST', `${path}/deactivate`, {});
		return async () => {
			if (current.active) await this.request('POST', `${path}/activate`, {});
		};
	}

	async listCredentials(): Promise<N8nCredentialSummary[] | undefined> {
		if (!(await this.capabilities()).listCredentials) return undefined;
		const all = await this.pages<N8nCredentialSummary>('/credentials');
		return all.map(({ id, name, type }) => ({ id, name, type }));
	}

	async updateCredential(id: string, data: Record<string, unknown>): Promise<void> {
		await this.request('PATCH', `/credentials/${encodeURIComponent(id)}`, {
			data,
			isPartialData: true,
		});
	}
}
