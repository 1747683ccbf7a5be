// A webpack/rspack loader that exports a file's text as a string. Used inline with "!!" (which
// turns every configured loader off) so that the lesson pages can show the reference solution's
// source exactly as it is in solutions/, and live-reload when it changes.
module.exports = function rawLoader(source) {
  return `export default ${JSON.stringify(String(source))};`;
};
