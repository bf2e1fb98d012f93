// What the criu-ns scenarios share: the two bugs of criu-ns in v3.16.x, which stop it at the first
// dump. Seen on debian:6.1 (Debian's 6.1 kernel in a VM) with git:v3.16 and git:v3.16.1.
import type { XfailExpectation } from "../../harness/scenario/define-scenario.js";

export const CRIU_NS_3_16: readonly XfailExpectation[] = [
  {
    // v3.16 shipped `#!/usr/bin/env python`; Debian bullseye (v3.16's era) has only python3.
    criu: ">=3.16.0 <3.16.1",
    outcome: "xfail",
    match: /env: .python.: No such file or directory/,
    ref: "checkpoint-restore/criu a15a63fce \"criu-ns: change python shebang to python3\" (v3.16.1)",
  },
  {
    // wrap_dump() waited for the dumped pid (a string, never its child) instead of criu's: os.wait()
    // ends in ECHILD, it returns -251, and `criu-ns dump` exits 5 after "Dumping finished successfully".
    criu: ">=3.16.1 <3.17.0",
    outcome: "xfail",
    match: /dump exited 5: .*Dumping finished successfully/,
    ref: "checkpoint-restore/criu bb1b1681a \"criu-ns: fix exit code o for criu dump\" (v3.17, #1739)",
  },
];
