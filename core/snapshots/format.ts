import type { N8nNode } from '../../providers/n8n/types';
import type { ReputationSettings } from '../reviews/reputation';
import { ActionError } from '../run/errors';

/**
 * The snapshot file: a clinic's configuration (never its data) as one JSON document, described by
 * `snapshot.schema.json` beside this file. A reader refuses a file whose `format_version` is newer
 * than FORMAT_VERSION: fields it does not know could carry meaning it would silently drop.
 */
export const FORMAT = 'aesthetix-snapshot';
export const FORMAT_VERSION = 1;

/**
 * Per-clinic values: the file names them, the clinic that loads it fills them in. In text they stand
 * as `[[value:<key>]]` where the source clinic had its own.
 */
export type ValueKey = 'company_name' | 'company_phone' | 'email_domain' | 'review_link';

export const VALUE_LABELS: Record<ValueKey, { label: string; description: string }> = {
	company_name: {
		label: 'Company Name',
		description: "The clinic's name, where the set-up spelled out the source clinic's",
	},
	company_phone: {
		label: 'Company Phone',
		description: "The clinic's phone number, where the set-up spelled out the source clinic's",
	},
	email_domain: {
		label: 'Email Domain',
		description:
			'The domain of the addresses the clinic sends from (hello@<domain>), in place of the source clinic\u2019s',
	},
	review_link: {
		label: 'Review Link',
		description: "The clinic's own review page (its Google Business Profile link, for example)",
	},
};

export interface SnapshotValue {
	key: ValueKey;
	label: string;
	description: string;
}

export interface SnapshotTemplate {
	kind: 'email' | 'sms';
	name: string;
	subject: string | null;
	body: string;
}

/** The Reputation settings, as the workspace keeps them (empty wording stays empty). */
export type SnapshotReputation = ReputationSettings;

export interface SnapshotSettings {
	time_zone: string;
	default_country: string;
	premium_actions: { enabled: boolean };
	reputation: SnapshotReputation;
}

/** A team member as a role to fill: never an address, a number, a password, a link or a session. */
export interface SnapshotTeamMember {
	name: string;
	role: string;
	team: string | null;
	contact_access: 'all' | 'assigned';
}

/** A credential a workflow used, by the name the clinic that loads it maps to one of its own. */
export interface SnapshotCredential {
	placeholder: string;
	type: string;
	label: string;
}

/** A node as n8n shapes it, each credential slot naming a placeholder instead of an n8n credential. */
export type SnapshotNode = Omit<N8nNode, 'credentials' | 'continueOnFail'> & {
	credentials?: Record<string, { placeholder: string }>;
};

export interface SnapshotWorkflow {
	/** The workflow's id in the source n8n: the same workflow keeps it from one revision to the next. */
	key: string;
	name: string;
	nodes: SnapshotNode[];
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

export interface SnapshotIntegrity {
	algorithm: 'ed25519';
	/** The publisher's public key (SPKI, base64): a clinic accepts newer revisions only from it. */
	public_key: string;
	/** Ed25519 over the canonical JSON of the file without `integrity`. */
	signature: string;
}

export interface SnapshotFile {
	format: typeof FORMAT;
	format_version: number;
	snapshot: {
		id: string;
		name: string;
		revision: number;
		exported_at: string;
	};
	values: SnapshotValue[];
	settings: SnapshotSettings;
	templates: SnapshotTemplate[];
	team: SnapshotTeamMember[];
	credentials: SnapshotCredential[];
	workflows: SnapshotWorkflow[];
	integrity: SnapshotIntegrity;
}

/** The placeholder that stands for the Aesthetix Workspace credential: always the loading clinic's own. */
export const WORKSPACE_PLACEHOLDER = 'workspace';
export const WORKSPACE_CREDENTIAL_TYPE = 'aesthetixWorkspaceApi';

/**
 * A problem with a snapshot file or with loading it, in a whole sentence for the person who chose the
 * file; the node shows it as the operation's error.
 */
export class SnapshotError extends ActionError {
	constructor(message: string, description?: string) {
		super('Snapshot', message, description);
		this.name = 'SnapshotError';
	}
}
