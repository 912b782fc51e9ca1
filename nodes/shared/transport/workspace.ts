import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { ActionRun, type WorkspaceSettings } from '../../../core/run/actionRun';
import { isValidTimeZone } from '../../../core/merge';
import { isCountryCode } from '../../../core/contacts/phone';
import {
	openStore,
	type PostgresSslMode,
	type StoreConfig,
	type WorkspaceStore,
} from '../../../core/store';
import { interruptedSendsSetting, noteInterrupted } from '../execution/interruptedSends';
import { originalExecutionId, runOfWork } from '../execution/retry';
import { WORKSPACE_CREDENTIAL } from './credentials';

const SSL_MODES: PostgresSslMode[] = ['disable', 'require', 'verify-ca', 'verify-full'];

/**
 * Credentials saved before SSL modes had an SSL switch: on meant a verified connection, off a plain
 * one. n8n fills a field missing from saved data with its default, so such a credential arrives with
 * SSL Mode at Verify Full: the old switch, when off, decides until another mode is chosen.
 */
function sslMode(credential: ICredentialDataDecryptedObject): PostgresSslMode {
	const mode = credential.pgSslMode as PostgresSslMode | undefined;
	if (credential.pgSsl === false && (!mode || mode === 'verify-full')) return 'disable';
	if (mode && SSL_MODES.includes(mode)) return mode;
	return 'verify-full';
}

/** The workspace's schema, when it has one: an empty field keeps the database's default schema. */
function schema(credential: ICredentialDataDecryptedObject): { schema?: string } {
	const name = String(credential.pgSchema ?? '')
		.trim()
		.toLowerCase();
	return name ? { schema: name } : {};
}

export function storeConfig(credential: ICredentialDataDecryptedObject): StoreConfig {
	if (credential.storeType === 'postgres') {
		return {
			kind: 'postgres',
			host: String(credential.pgHost || 'localhost'),
			port: Number(credential.pgPort || 5432),
			database: String(credential.pgDatabase || 'aesthetix'),
			user: String(credential.pgUser || 'postgres'),
			password: credential.pgPassword ? String(credential.pgPassword) : undefined,
			sslMode: sslMode(credential),
			sslCa: credential.pgSslCa ? String(credential.pgSslCa) : undefined,
			...schema(credential),
		};
	}
	return {
		kind: 'sqlite',
		file: credential.sqliteFile ? String(credential.sqliteFile) : undefined,
	};
}

export function workspaceSettings(credential: ICredentialDataDecryptedObject): WorkspaceSettings {
	const timeZone = String(credential.timeZone || 'UTC');
	return {
		company: {
			name: String(credential.companyName ?? ''),
			phone: String(credential.companyPhone ?? ''),
			time_zone: isValidTimeZone(timeZone) ? timeZone : 'UTC',
		},
		publicBaseUrl: String(credential.publicBaseUrl ?? '').replace(/\/+$/, ''),
		defaultCountry: String(credential.defaultCountry ?? 'US')
			.trim()
			.toUpperCase(),
	};
}

/** Any n8n context that can read the workspace credential: a node run, a dropdown, a webhook. */
interface CredentialReader {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

export async function workspaceStore(ctx: CredentialReader): Promise<WorkspaceStore> {
	return openStore(storeConfig(await ctx.getCredentials(WORKSPACE_CREDENTIAL)));
}

/**
 * Everything one node run shares across its items. The execution whose work it is gets recorded
 * here, before the first send, so that a retry finds it even if n8n stops in the middle.
 */
export async function startActionRun(ctx: IExecuteFunctions): Promise<ActionRun> {
	const credential = await ctx.getCredentials(WORKSPACE_CREDENTIAL);
	const store = await openStore(storeConfig(credential));
	const node = ctx.getNode();
	const workflowId = String(ctx.getWorkflow().id ?? 'unsaved');
	return new ActionRun(
		{
			workflowId,
			nodeId: node.id,
			actionName: node.name,
			executionId: String(ctx.getExecutionId() ?? ''),
			originalExecutionId: await originalExecutionId(ctx, store, workflowId),
			runIndex: runOfWork(ctx),
			isManual: ctx.getMode() === 'manual',
		},
		store,
		workspaceSettings(credential),
		{
			interruptedSends: interruptedSendsSetting(ctx),
			onInterrupted: (send) => noteInterrupted(ctx, send),
		},
	);
}

/** The Aesthetix Workspace credential test: the store opens and migrates, and the settings make sense. */
export async function testWorkspaceCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const timeZone = String(data.timeZone || 'UTC');
	if (!isValidTimeZone(timeZone)) {
		return {
			status: 'Error',
			message: `Time Zone "${timeZone}" is not an IANA time zone such as America/New_York`,
		};
	}
	const country = String(data.defaultCountry ?? 'US').trim();
	if (country && !isCountryCode(country)) {
		return {
			status: 'Error',
			message: `Default Country "${country}" is not a two-letter country code such as US or GB`,
		};
	}
	const baseUrl = String(data.publicBaseUrl ?? '');
	if (baseUrl && !/^https?:\/\/[^\s/]+/.test(baseUrl)) {
		return {
			status: 'Error',
			message: `Public Base URL "${baseUrl}" must start with http:// or https://`,
		};
	}
	try {
		const store = await openStore(storeConfig(data));
		await store.teamUsers.list();
		return { status: 'OK', message: 'The workspace store is ready' };
	} catch (error) {
		return {
			status: 'Error',
			message: `The workspace store could not be opened: ${(error as Error).message}`,
		};
	}
}
