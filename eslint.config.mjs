// n8n's community-node rule sets, arranged as @n8n/node-cli arranges them: eslint-plugin-n8n-nodes-base
// (community, credentials, nodes) and @n8n/eslint-plugin-community-nodes' recommended set without the
// rules only n8n Cloud needs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { readdirSync } from 'node:fs';
import { CORE_LAYERS, layerCycle } from './core/layers.mjs';

const community = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;
// The architecture takes nodemailer, twilio, @slack/web-api, handlebars and pg as runtime dependencies:
// this package is for self-hosted n8n, not the verified (dependency-free) tier.
const architectureDecisions = { '@n8n/community-nodes/no-runtime-dependencies': 'off' };

const cycle = layerCycle();
if (cycle)
	throw new Error(
		`core/layers.mjs: the folders ${cycle.join(' -> ')} import each other in a cycle`,
	);
const coreFolders = readdirSync(new URL('./core', import.meta.url), { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.map((entry) => entry.name);
const unlisted = coreFolders.filter((folder) => !(folder in CORE_LAYERS));
if (unlisted.length)
	throw new Error(`core/layers.mjs: add core/${unlisted.join(', core/')} to the table`);

// A relative import that climbs exactly to core/ and names a folder: `../sms/...` from core/email/x.ts,
// `../../sms/...` from core/endpoint/email/x.ts. One block per depth keeps subfolders exact.
const up = (depth) => '\\.\\./'.repeat(depth + 1);
const layerRules = coreFolders.flatMap((folder) => {
	const forbidden = coreFolders.filter(
		(other) => other !== folder && !CORE_LAYERS[folder].includes(other),
	);
	return [0, 1, 2].map((depth) => ({
		files: [`core/${folder}/${'*/'.repeat(depth)}*.ts`],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: 'n8n-workflow',
							message:
								'core/ knows nothing of n8n: the node layer turns its errors into n8n errors.',
						},
					],
					patterns: [
						...(forbidden.length
							? [
									{
										regex: `^${up(depth)}(${forbidden.join('|')})(/|$)`,
										message: `core/${folder} may import only ${CORE_LAYERS[folder].join(', ') || 'nothing else in core'} (core/layers.mjs).`,
									},
								]
							: []),
						{
							regex: `^${up(depth)}\\.\\./nodes(/|$)`,
							message: 'core/ never imports the node layer.',
						},
					],
				},
			],
		},
	}));
});

export default tseslint.config(
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'coverage/**',
			'.n8n-local/**',
			'.n8n-local-*/**',
			'test-artifacts/**',
		],
	},
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
		},
	},
	// The community-node rules cover what n8n loads and scans: nodes, credentials and package.json.
	// The core and providers layers know nothing of n8n and throw their own errors, which the node
	// layer turns into NodeOperationErrors.
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [community],
		rules: architectureDecisions,
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		extends: [community],
		rules: { ...n8nNodesBase.configs.community.rules, ...architectureDecisions },
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['./credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['./nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	...layerRules,
	{
		files: ['providers/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [{ name: 'n8n-workflow', message: 'providers/ know nothing of n8n.' }],
					patterns: [
						{
							regex: '^(\\.\\./)+(core|nodes)(/|$)',
							message: 'providers/ are the bottom layer: they import neither core/ nor nodes/.',
						},
					],
				},
			],
		},
	},
	{
		files: ['test/**/*.ts'],
		rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
	},
	{
		files: ['**/*.js'],
		extends: [js.configs.recommended],
		languageOptions: {
			sourceType: 'commonjs',
			globals: {
				require: 'readonly',
				module: 'writable',
				__dirname: 'readonly',
				process: 'readonly',
				console: 'readonly',
				fetch: 'readonly',
				setTimeout: 'readonly',
				clearTimeout: 'readonly',
				Buffer: 'readonly',
				URL: 'readonly',
				setInterval: 'readonly',
				clearInterval: 'readonly',
				URLSearchParams: 'readonly',
			},
		},
	},
);
