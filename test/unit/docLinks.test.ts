/**
 * Every documentation link a user can follow: each node's and credential's link in n8n's editor, and
 * every relative link between the README and the pages under docs/, must open an existing page and,
 * when it names one, an existing heading.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	homepage: string;
	n8n: { nodes: string[]; credentials: string[] };
};
const PAGE_PREFIX = `${pkg.homepage}/blob/main/`;

const walk = (dir: string): string[] =>
	readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? walk(path) : [path];
	});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const anchors = new Set<string>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (line.startsWith('```')) fenced = !fenced;
		const heading = !fenced && /^#{1,6} (.*)$/.exec(line);
		if (!heading) continue;
		const slug = heading[1]
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\- _]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count ? `${slug}-${count}` : slug);
	}
	return anchors;
}

/** Why a link to `file` (absolute) with an optional anchor does not resolve, or undefined when it does. */
function brokenTarget(file: string, anchor: string | undefined): string | undefined {
	if (!existsSync(file)) return `${relative(ROOT, file)} does not exist`;
	if (!anchor || statSync(file).isDirectory()) return undefined;
	if (!anchorsOf(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor)))
		return `${relative(ROOT, file)} has no heading #${anchor}`;
	return undefined;
}

/** Why a documentation URL shown in n8n's editor does not open a page of this repository. */
function brokenDocumentationUrl(url: string): string | undefined {
	if (!url.startsWith(PAGE_PREFIX)) return `${url} is not a page under ${PAGE_PREFIX}`;
	const [path, anchor] = url.slice(PAGE_PREFIX.length).split('#');
	return brokenTarget(join(ROOT, path), anchor);
}

/** The relative links of a Markdown file (outside code), each with why it is broken, if it is. */
function brokenRelativeLinks(file: string, markdown = readFileSync(file, 'utf8')): string[] {
	const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
	const broken: string[] = [];
	for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
		if (/^[a-z]+:/i.test(target)) continue;
		const [path, anchor] = target.split('#');
		const why = path
			? brokenTarget(resolve(dirname(file), path), anchor)
			: anchorsOf(markdown).has(anchor)
				? undefined
				: `no heading #${anchor}`;
		if (why) broken.push(`${relative(ROOT, file)}: ${target}: ${why}`);
	}
	return broken;
}

const codexFiles = pkg.n8n.nodes.map((built) =>
	join(ROOT, built.replace(/^dist\//, '').replace(/\.node\.js$/, '.node.json')),
);

function credentialUrls(): Array<[string, string]> {
	return pkg.n8n.credentials.map((built) => {
		const source = join(ROOT, built.replace(/^dist\//, '').replace(/\.js$/, ''));
		const exports = require(source) as Record<string, new () => { documentationUrl?: string }>;
		const [name, Credential] = Object.entries(exports)[0];
		return [name, new Credential().documentationUrl ?? ''];
	});
}

const markdownFiles = [
	join(ROOT, 'README.md'),
	...walk(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')),
];

describe('documentation links', () => {
	it("every node's documentation link opens its page under docs/", () => {
		const links = codexFiles.map((file) => {
			const codex = JSON.parse(readFileSync(file, 'utf8')) as {
				resources?: { primaryDocumentation?: Array<{ url: string }> };
			};
			const urls = (codex.resources?.primaryDocumentation ?? []).map((d) => d.url);
			return [relative(ROOT, file), urls] as const;
		});
		expect(links).toHaveLength(pkg.n8n.nodes.length);
		for (const [file, urls] of links) expect([file, urls.length]).toEqual([file, 1]);
		const broken = links.flatMap(([file, urls]) =>
			urls.flatMap((url) => {
				const why = brokenDocumentationUrl(url);
				return why ? [`${file}: ${why}`] : [];
			}),
		);
		expect(broken).toEqual([]);
	});

	it("every credential's documentation link opens a page under docs/", () => {
		const urls = credentialUrls();
		expect(urls).toHaveLength(pkg.n8n.credentials.length);
		const broken = urls.flatMap(([name, url]) => {
			const why = brokenDocumentationUrl(url);
			return why ? [`${name}: ${why}`] : [];
		});
		expect(broken).toEqual([]);
	});

	it('every relative link in the README and docs/ opens an existing file and heading', () => {
		expect(markdownFiles.length).toBeGreaterThan(10);
		expect(markdownFiles.flatMap((file) => brokenRelativeLinks(file))).toEqual([]);
	});

	it('reports a missing page, a missing heading and a link outside the repository', () => {
		const page = join(ROOT, 'docs', 'example.md');
		expect(
			brokenRelativeLinks(
				page,
				'# Title\n\n[a](nodes/nope.md) [b](nodes/call.md#no-such-heading) [c](#title) [d](#gone)\n',
			),
		).toEqual([
			'docs/example.md: nodes/nope.md: docs/nodes/nope.md does not exist',
			'docs/example.md: nodes/call.md#no-such-heading: docs/nodes/call.md has no heading #no-such-heading',
			'docs/example.md: #gone: no heading #gone',
		]);
		expect(brokenDocumentationUrl(`${pkg.homepage}#call`)).toMatch(/is not a page under/);
		expect(brokenDocumentationUrl(`${PAGE_PREFIX}docs/nodes/call.md#fields`)).toBeUndefined();
	});

	it('GitHub anchors: punctuation dropped, repeated headings numbered', () => {
		expect([
			...anchorsOf(
				'# `npm start`: the local stack\n## Output\n## Output\n## Writing templates, and AI',
			),
		]).toEqual(['npm-start-the-local-stack', 'output', 'output-1', 'writing-templates-and-ai']);
	});
});
