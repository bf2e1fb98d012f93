import { describe, expect, test } from "vitest";
import { VM_DEFAULTS, vmSettingsFromEnv } from "./vm-settings.js";

describe("VM settings from the environment", () => {
  test("defaults when unset", () => {
    expect(vmSettingsFromEnv({})).toEqual(VM_DEFAULTS);
  });

  test("values are read once, in their units", () => {
    const s = vmSettingsFromEnv({ CRIU_LAB_VM_CPUS: "2", CRIU_LAB_VM_MEMORY_MIB: "1024", CRIU_LAB_VM_BOOT_TIMEOUT: "20", CRIU_LAB_VM_COMMAND_TIMEOUT: "5", CRIU_LAB_VM_APPEND: " a=1  criu-lab.hang ", CRIU_LAB_ACCEL: "tcg", CRIU_LAB_VM_KEEP: "3" });
    expect(s).toEqual({ cpus: 2, memoryMiB: 1024, bootTimeoutMs: 20_000, commandTimeoutMs: 5_000, append: ["a=1", "criu-lab.hang"], accel: "tcg", keep: 3 });
  });

  test.each([
    ["CRIU_LAB_VM_CPUS", "0", /CRIU_LAB_VM_CPUS="0" is not a whole number from 1 to 64/],
    ["CRIU_LAB_VM_MEMORY_MIB", "lots", /CRIU_LAB_VM_MEMORY_MIB="lots" is not a whole number/],
    ["CRIU_LAB_VM_BOOT_TIMEOUT", "-5", /CRIU_LAB_VM_BOOT_TIMEOUT="-5"/],
    ["CRIU_LAB_VM_COMMAND_TIMEOUT", "1.5", /CRIU_LAB_VM_COMMAND_TIMEOUT="1.5"/],
    ["CRIU_LAB_ACCEL", "hvf", /CRIU_LAB_ACCEL="hvf" is neither kvm nor tcg/],
    ["CRIU_LAB_VM_KEEP", "0", /CRIU_LAB_VM_KEEP="0" is not a whole number from 1 to 16/],
  ])("a bad %s (%s) is a one-line error naming it", (name, value, message) => {
    expect(() => vmSettingsFromEnv({ [name]: value })).toThrow(message);
  });
});
