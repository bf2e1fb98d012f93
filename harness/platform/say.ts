// One line for people on stderr, as every criu-lab message is: "criu-lab: ...".
export function say(line: string): void {
  process.stderr.write(`criu-lab: ${line}\n`);
}
