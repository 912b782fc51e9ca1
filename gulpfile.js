// Copies node icons, credential icons, node codex files and output schemas next to the compiled files:
// n8n resolves `file:` icons there, and serves `__schema__/v<version>.json` beside a node as its output preview.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(
		[
			'nodes/**/*.{png,svg}',
			'nodes/**/*.node.json',
			'nodes/**/__schema__/**/*.json',
			'credentials/**/*.{png,svg}',
			'icons/**/*.{png,svg}',
		],
		{
			base: '.',
			encoding: false,
		},
	).pipe(dest('dist')),
);
