// A pass-through loader for the Markdown files of lessons/ and guides/ that tells the bundler
// what else the page it makes depends on (see remark-lesson.ts), so that neither live reload nor
// the bundler's persistent cache serves a page built from an older state of the repository:
// - a lesson README is also made of the lesson's dialogue.md, hints.md (even before they exist)
//   and the files in solutions/NN-slug/;
// - every relative link's target: whether it exists decides what the link becomes.
const path = require('node:path');
const fs = require('node:fs');

const LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

module.exports = function lessonDepsLoader(source) {
  const { solutions } = this.getOptions();
  const dir = path.dirname(this.resourcePath);
  const depend = (file) => (fs.existsSync(file) ? this.addDependency(file) : this.addMissingDependency(file));
  if (path.basename(this.resourcePath) === 'README.md' && path.basename(path.dirname(dir)) === 'lessons') {
    depend(path.join(dir, 'dialogue.md'));
    depend(path.join(dir, 'hints.md'));
    this.addContextDependency(path.join(solutions, path.basename(dir)));
  }
  for (const match of String(source).matchAll(LINK)) {
    const url = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#') || url.startsWith('/')) continue;
    const target = path.resolve(dir, decodeURIComponent(url.split('#')[0]));
    depend(target);
    // A link to a lesson folder or README becomes a page link only if the README exists.
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) depend(path.join(target, 'README.md'));
  }
  return source;
};
