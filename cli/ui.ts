// Terminal colours: on for a terminal, off when output is piped or NO_COLOR is set; FORCE_COLOR
// (anything but 0 or false) turns them on for a pipe, FORCE_COLOR=0 turns them off everywhere.
import { styleText } from 'node:util';

/** Whether to colour output written to `stream` under `env` (the rules above). */
export function colourEnabled(
  stream: { isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

const enabled = colourEnabled();
type Style = Parameters<typeof styleText>[0];
// validateStream: false, so styleText paints exactly when we decided to, not by its own rules.
const paint = (style: Style) => (text: string) => (enabled ? styleText(style, text, { validateStream: false }) : text);

export const color = {
  bold: paint('bold'),
  dim: paint('dim'),
  green: paint('green'),
  red: paint('red'),
  yellow: paint('yellow'),
  cyan: paint('cyan'),
};

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Text from elsewhere (vitest's diffs) without colour codes when colours are off. */
export function plain(text: string): string {
  return enabled ? text : text.replace(ANSI, '');
}

/** [#####-------] */
export function progressBar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `[${color.green('#'.repeat(filled))}${color.dim('-'.repeat(width - filled))}]`;
}
