// Mermaid draws a chart at width 100% of its box, up to its natural size, so a wide chart was
// scaled down until its labels were unreadable (5 to 9 px). This lets a chart shrink to at most
// MIN_SCALE of its natural size (16 px labels stay at 12 px or more); a chart wider than that
// scrolls sideways in its own box (see .docusaurus-mermaid-container in custom.css).
const MIN_SCALE = 0.75;

function keepReadable(svg: SVGSVGElement): void {
  const natural = /^([\d.]+)px$/.exec(svg.style.maxWidth)?.[1];
  if (!natural || svg.dataset.ferrisReadable) return;
  svg.dataset.ferrisReadable = 'true';
  svg.style.minWidth = `${Math.ceil(Number(natural) * MIN_SCALE)}px`;
}

if (typeof window !== 'undefined' && typeof MutationObserver !== 'undefined') {
  const run = () =>
    document.querySelectorAll<SVGSVGElement>('.docusaurus-mermaid-container > svg').forEach(keepReadable);
  new MutationObserver(run).observe(document.documentElement, { childList: true, subtree: true });
  run();
}

export {};
