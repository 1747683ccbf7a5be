// A pass-through loader for lessons/NN-slug/README.md that tells the bundler what else the lesson
// page is made of (see remark-lesson.ts): the lesson's dialogue.md and hints.md, even before they
// exist, and the folder solutions/NN-slug/. So `npm run docs` rebuilds the page when one of them
// appears, changes or goes away.
const path = require('node:path');
const fs = require('node:fs');

module.exports = function lessonDepsLoader(source) {
  const { solutions } = this.getOptions();
  const dir = path.dirname(this.resourcePath);
  for (const name of ['dialogue.md', 'hints.md']) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) this.addDependency(file);
    else this.addMissingDependency(file);
  }
  this.addContextDependency(path.join(solutions, path.basename(dir)));
  return source;
};
