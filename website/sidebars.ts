// The sidebar: one group per part of the course (course.json), with the lessons whose README
// exists, then a "Guides" group for guides/*.md. Recomputed whenever the site loads, so a new
// lesson appears without changing anything here.
import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';
import { loadCourse, loadGuides } from './course.ts';

type Items = Extract<SidebarsConfig[string], unknown[]>;

const items: Items = [];
for (const part of loadCourse().parts) {
  const lessons = part.lessons.filter((l) => l.exists);
  if (lessons.length === 0) continue;
  items.push({
    type: 'category',
    label: part.title,
    collapsible: true,
    collapsed: false,
    items: lessons.map((l) => ({ type: 'doc' as const, id: l.docId, label: `${l.number}. ${l.title}` })),
  });
}
const guides = loadGuides();
if (guides.length > 0) {
  items.push({
    type: 'category',
    label: 'Guides',
    collapsible: true,
    collapsed: false,
    items: guides.map((g) => ({ type: 'doc' as const, id: g.docId, label: g.title })),
  });
}
if (items.length === 0) items.push({ type: 'link', label: 'Course map', href: '/#course-map' });

const sidebars: SidebarsConfig = { course: items };
export default sidebars;
