/** Header cells as column names the way pandas names them: `Unnamed: i` for blanks, `a.1` for repeats. */
export function columnNames(header: string[]): string[] {
  const seen = new Set<string>();
  return header.map((cell, index) => {
    const base = cell.trim() === '' ? `Unnamed: ${index}` : cell;
    let name = base;
    for (let n = 1; seen.has(name); n++) name = `${base}.${n}`;
    seen.add(name);
    return name;
  });
}
