import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * The PostgreSQL connection fields of the Workspace and Agency credentials. `shown` adds to each
 * field's display options (the Workspace credential shows them only for a PostgreSQL store).
 */
export function postgresFields(shown: IDisplayOptions['show'] = {}): INodeProperties[] {
	const when = (extra: IDisplayOptions['show'] = {}) =>
		Object.keys({ ...shown, ...extra }).length ? { show: { ...shown, ...extra } } : undefined;
	const field = (property: INodeProperties, extra?: IDisplayOptions['show']): INodeProperties => {
		const displayOptions = when(extra);
		return displayOptions ? { ...property, displayOptions } : property;
	};
	return [
		field({ displayName: 'Host', name: 'pgHost', type: 'string', default: 'localhost' }),
		field({ displayName: 'Port', name: 'pgPort', type: 'number', default: 5432 }),
		field({ displayName: 'Database', name: 'pgDatabase', type: 'string', default: 'aesthetix' }),
		field({ displayName: 'User', name: 'pgUser', type: 'string', default: 'postgres' }),
		field({
			displayName: 'Password',
			name: 'pgPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		}),
		field({
			displayName: 'SSL Mode',
			name: 'pgSslMode',
			type: 'options',
			default: 'verify-full',
			options: [
				{
					name: 'Disable',
					value: 'disable',
					description:
						'Plain connection: only for a server on this machine or a private network you trust',
				},
				{
					name: 'Require',
					value: 'require',
					description: "Encrypted, without checking the server's certificate",
				},
				{
					name: 'Verify CA',
					value: 'verify-ca',
					description:
						'Encrypted; the certificate must be signed by the CA below (or a public one)',
				},
				{
					name: 'Verify Full',
					value: 'verify-full',
					description: 'Encrypted; the certificate must be signed by the CA and name the host',
				},
			],
		}),
		// The SSL switch of earlier versions, kept so that n8n still hands saved values to the store.
		{ displayName: 'SSL (Earlier Versions)', name: 'pgSsl', type: 'hidden', default: '' },
		field(
			{
				displayName: 'CA Certificate',
				name: 'pgSslCa',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				placeholder: '-----BEGIN CERTIFICATE-----',
				description:
					"The PEM certificate of the CA that signed the server's certificate; empty trusts the public CAs Node.js knows",
			},
			{ pgSslMode: ['verify-ca', 'verify-full'] },
		),
	];
}
