// Comma lists and flags shared by the commands.
export function commaList(value: string | undefined): string[] | undefined {
  const list = value?.split(",").map((s) => s.trim()).filter(Boolean);
  return list && list.length > 0 ? list : undefined;
}
