/** One (project, stack) pair of `--list --json`, with the commands the matrix runs. */
export interface MatrixEntry {
  project: string;
  stack: string;
  commands: { install: string; test: string; start: string; worker?: string };
}

interface CatalogJson {
  id: string;
  stacks: { id: string; commands: MatrixEntry['commands'] }[];
}

export function entriesOf(catalog: CatalogJson[]): MatrixEntry[] {
  return catalog.flatMap((project) =>
    project.stacks.map((stack) => ({ project: project.id, stack: stack.id, commands: stack.commands })),
  );
}

/**
 * MATRIX narrows the run: comma-separated `project/stack` pairs where either side may be `*`, or a bare
 * project or stack id. Unset or empty runs everything.
 */
export function filterEntries(entries: MatrixEntry[], filter = ''): MatrixEntry[] {
  const patterns = filter.split(',').map((p) => p.trim()).filter(Boolean);
  if (patterns.length === 0) return entries;
  const matches = (entry: MatrixEntry, pattern: string) => {
    const [project, stack] = pattern.includes('/') ? pattern.split('/') : [pattern, pattern];
    if (!pattern.includes('/')) return entry.project === pattern || entry.stack === pattern;
    return (project === '*' || project === entry.project) && (stack === '*' || stack === entry.stack);
  };
  return entries.filter((entry) => patterns.some((pattern) => matches(entry, pattern)));
}
