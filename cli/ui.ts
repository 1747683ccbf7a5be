// Terminal colours, off when output is not a terminal or NO_COLOR is set.
import { styleText } from 'node:util';

const enabled = process.stdout.isTTY === true && !process.env.NO_COLOR;
type Style = Parameters<typeof styleText>[0];
const paint = (style: Style) => (text: string) => (enabled ? styleText(style, text) : text);

export const color = {
  bold: paint('bold'),
  dim: paint('dim'),
  green: paint('green'),
  red: paint('red'),
  yellow: paint('yellow'),
  cyan: paint('cyan'),
};

/** [#####-------] */
export function progressBar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `[${color.green('#'.repeat(filled))}${color.dim('-'.repeat(width - filled))}]`;
}
