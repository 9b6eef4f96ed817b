// Placeholder so the command table type-checks; the owning issue replaces it.
export async function run(_args: string[]): Promise<number> {
  console.error('lkg assess：尚未实现。');
  return 1;
}
