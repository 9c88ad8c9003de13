// Drives a dagj session through the official TypeScript SDK (@dagger.io/dagger) and checks every answer.
// Run by TypeScriptSdkIT with cwd = a work directory holding ./fixture, and env:
//   DAGJ_OUT   an absolute directory to export into
// Exits 0 and prints "sdk-check ok" when every check passed; prints the first mismatch and exits 1 otherwise.
import { connection, dag } from "@dagger.io/dagger";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

// This script is copied next to the node_modules it runs against.
const sdkVersion = JSON.parse(
  readFileSync(new URL("./node_modules/@dagger.io/dagger/package.json", import.meta.url), "utf8")).version;
const out = process.env.DAGJ_OUT;

function check(what, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) {
    throw new Error(`${what}: expected ${e}, got ${a}`);
  }
  console.log(`ok ${what}`);
}

try {
  await connection(async () => {
    // A directory built through the API, read back.
    const built = dag.directory().withNewFile("a.txt", "hello").withNewFile("sub/b.txt", "world");
    check("entries", await built.entries(), ["a.txt", "sub/"]);
    check("nested contents", await built.file("sub/b.txt").contents(), "world");

    // IDs: fetched in one request, reloaded in another.
    const id = await built.id();
    check("id is a non-empty string", typeof id === "string" && id.length > 0, true);
    const reloaded = dag.loadDirectoryFromID(id);
    check("reloaded contents", await reloaded.file("a.txt").contents(), "hello");
    // sync() returns the object reloaded by ID (0.19: loadDirectoryFromID, 0.21: node(id) ... on Directory).
    const synced = await built.sync();
    check("synced entries", await synced.directory("sub").entries(), ["b.txt"]);

    // A host directory with excludes, passed by ID into withDirectory.
    const host = dag.host().directory("fixture", { exclude: ["skip", "*.log"] });
    check("host entries", await host.entries(), ["keep.txt", "nested/"]);
    const combined = built.withDirectory("src", host);
    check("combined entries", await combined.entries(), ["a.txt", "src/", "sub/"]);
    check("combined nested", await combined.file("src/nested/n.txt").contents(), "nested\n");

    // Export to the host.
    const exported = await combined.export(join(out, "dir"));
    check("export path", exported, join(out, "dir"));
    check("exported file", readFileSync(join(out, "dir", "src", "keep.txt"), "utf8"), "keep\n");
    check("excluded file not exported", existsSync(join(out, "dir", "src", "debug.log")), false);
    const file = await built.file("a.txt").export(join(out, "a-copy.txt"));
    check("file export path", file, join(out, "a-copy.txt"));
    check("exported single file", readFileSync(join(out, "a-copy.txt"), "utf8"), "hello");
  }, { LogOutput: process.stderr });
} catch (e) {
  console.log(`sdk-check FAILED (@dagger.io/dagger ${sdkVersion}): ${e && e.message ? e.message : e}`);
  process.exit(1);
}
console.log(`sdk-check ok (@dagger.io/dagger ${sdkVersion})`);
