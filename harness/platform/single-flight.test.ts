import { describe, expect, test } from "vitest";
import { SingleFlight } from "./single-flight.js";

describe("SingleFlight", () => {
  test("callers of one key at once share one run; a later call runs again", async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 5));
      return runs;
    };
    const [a, b] = await Promise.all([flight.run("k", work), flight.run("k", work)]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(await flight.run("k", work)).toBe(2);
  });

  test("different keys run apart, and a failure is shared then forgotten", async () => {
    const flight = new SingleFlight<string>();
    const fail = () => Promise.reject(new Error("boom"));
    const both = await Promise.allSettled([flight.run("x", fail), flight.run("x", fail), flight.run("y", async () => "y")]);
    expect(both.map((r) => r.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(await flight.run("x", async () => "again")).toBe("again");
  });
});
