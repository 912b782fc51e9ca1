// n8n's community-node rule sets, arranged as @n8n/node-cli arranges them: eslint-plugin-n8n-nodes-base
// (community, credentials, nodes) and @n8n/eslint-plugin-community-nodes' recommended set without the
// rules only n8n Cloud needs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const community = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;
// The architecture takes nodemailer, twilio, @slack/web-api, handlebars and pg as runtime dependencies:
// this package is for self-hosted n8n, not the verified (dependency-free) tier.
const architectureDecisions = { '@n8n/community-nodes/no-runtime-dependencies': 'off' };

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
