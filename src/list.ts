import { out } from './colors.js';
import { commandsFor, type Catalog } from './catalog.js';

/** The machine-readable catalog of DESIGN.md section 5: what tools and tests read. */
export function catalogJson(catalog: Catalog) {
  return catalog.available.map((project) => ({
    id: project.id,
    title: project.title,
    level: project.level,
    summary: project.summary,
    stacks: catalog.stacksFor(project.id).map((stack) => {
      const { install, test, start, worker } = commandsFor(stack, project, 'npm');
      return { id: stack.id, language: stack.language, commands: { install, test, start, ...(worker ? { worker } : {}) } };
    }),
  }));
}

export function catalogTable(catalog: Catalog): string {
  const lines: string[] = [];
  for (const level of catalog.levels) {
    lines.push(out.bold(level.title));
    for (const project of catalog.available.filter((p) => p.level === level.id)) {
      const stacks = catalog.stacksFor(project.id).map((s) => s.id).join(', ');
      lines.push(`  ${out.cyan(project.id.padEnd(20))} ${project.summary}`);
      lines.push(`  ${' '.repeat(20)} ${out.dim(`stacks: ${stacks}`)}`);
    }
  }
  return lines.join('\n');
}
