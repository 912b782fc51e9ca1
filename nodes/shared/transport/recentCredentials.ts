import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

/**
 * How long a credential the Workspace Endpoint read serves its requests before n8n is asked again:
 * a credential changed in n8n takes effect within this time, without a restart.
 */
export const CREDENTIAL_REFRESH_MS = 5_000;

/** A webhook's or a hook's view of its node and credentials. */
export interface CredentialContext {
	getNode(): INode;
	getWorkflow(): { id?: string | null };
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

interface Reading {
	at: number;
	data: Promise<ICredentialDataDecryptedObject>;
}

const readings = new Map<string, Reading>();

/**
 * A credential of the node as n8n gave it at most CREDENTIAL_REFRESH_MS ago. For every read n8n
 * queries its database, decrypts, and resolves the fields in a new expression isolate: at the
 * endpoint's rate of provider callbacks, that cost more than the callbacks themselves. A reading
 * is kept per workflow, node and credential, so n8n's own checks of which node may use which
 * credential still decide every first read.
 */
export function recentCredentials(
	ctx: CredentialContext,
	type: string,
): Promise<ICredentialDataDecryptedObject> {
	const node = ctx.getNode();
	const named = node.credentials?.[type];
	// A credential the node does not name: n8n answers in its own words.
	if (!named) return ctx.getCredentials(type);
	const key = JSON.stringify([ctx.getWorkflow().id ?? '', node.name, type, named.id ?? named.name]);
	const now = Date.now();
	const kept = readings.get(key);
	if (kept && now - kept.at < CREDENTIAL_REFRESH_MS) return kept.data;
	const data = ctx.getCredentials(type);
	readings.set(key, { at: now, data });
	// A failed read is not kept: the next request asks n8n again.
	data.catch(() => {
		if (readings.get(key)?.data === data) readings.delete(key);
	});
	return data;
}

/** An optional credential of the node, or undefined when the node names none or n8n cannot read it. */
export async function optionalCredentials(
	ctx: CredentialContext,
	type: string,
): Promise<ICredentialDataDecryptedObject | undefined> {
	if (!ctx.getNode().credentials?.[type]) return undefined;
	return recentCredentials(ctx, type).catch(() => undefined);
}
