/**
 * The example workflows `npm start` imports show what a new node looks like today: each of the
 * package's nodes in them is saved at the version n8n gives a node added now.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import type { INodeType } from 'n8n-workflow';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[] };
};

/** The version a node added today gets: its default version, else its only or highest one. */
const currentVersions = new Map<string, number>(
	pkg.n8n.nodes.map((built) => {
		const source = join(ROOT, built.replace(/^dist\//, '').replace(/\.js$/, ''));
		const exports = require(source) as Record<string, new () => INodeType>;
		const { description } = new (Object.values(exports)[0])();
		const versions = [description.version].flat();
		return [
			`${pkg.name}.${description.name}`,
			description.defaultVersion ?? Math.max(...versions),
		] as const;
	}),
);

const examples = readdirSync(join(ROOT, 'workflows')).filter((f) => f.endsWith('.json'));

describe('example workflows', () => {
	it("save every node of the package at that node's current version", () => {
		const nodes = examples.flatMap((file) => {
			const workflow = JSON.parse(readFileSync(join(ROOT, 'workflows', file), 'utf8')) as {
				nodes: Array<{ name: string; type: string; typeVersion: number }>;
			};
			return workflow.nodes
				.filter((node) => node.type.startsWith(`${pkg.name}.`))
				.map((node) => ({ file, node: node.name, type: node.type, version: node.typeVersion }));
		});
		expect(nodes.length).toBeGreaterThan(10);
		expect(nodes).toEqual(
			nodes.map((node) => ({ ...node, version: currentVersions.get(node.type) })),
		);
	});
});
