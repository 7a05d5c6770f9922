// The module directive ("use client" / "use server"): it must come before any statement.

export function leadingDirectiveOf(text: string): 'client' | 'server' | undefined {
  const match = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use (client|server)\1/.exec(text);
  return match ? (match[2] as 'client' | 'server') : undefined;
}
