// A container pipeline through the official TypeScript SDK (@dagger.io/dagger) against a dagj session.
// Run by TypeScriptSdkIT with cwd = a work directory holding ./rootfs (a busybox root filesystem) and ./src, and env:
//   DAGJ_OUT       an absolute directory to export into
//   DAGJ_REGISTRY  host:port of a docker-registry on loopback
// Exits 0 and prints "sdk-container ok" when every check passed; prints the first mismatch and exits 1 otherwise.
import { connection, dag } from "@dagger.io/dagger";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const sdkVersion = JSON.parse(
  readFileSync(new URL("./node_modules/@dagger.io/dagger/package.json", import.meta.url), "utf8")).version;
const out = process.env.DAGJ_OUT;
const registry = process.env.DAGJ_REGISTRY;
const tag = sdkVersion.replaceAll(".", "-");

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
    // Seed the registry: a busybox image built from a host directory, published through the API.
    const base = `${registry}/busybox:${tag}`;
    const seeded = await dag.container().withRootfs(dag.host().directory("rootfs"))
      .withEnvVariable("PATH", "/bin").publish(base);
    check("publish returns ref@digest", /^.+@sha256:[0-9a-f]{64}$/.test(seeded), true);

    // Pull it back and run a pipeline with a mounted directory, a cache volume and a secret.
    const ctr = dag.container().from(base)
      .withMountedDirectory("/src", dag.host().directory("src"))
      .withMountedCache("/cache", dag.cacheVolume(`sdk-cache-${tag}`))
      .withSecretVariable("TOKEN", dag.setSecret("token", "s3cr3t-value"))
      .withWorkdir("/src")
      .withNewFile("/owned.txt", "mine", { owner: "1000:1001" })
      .withExec(["sh", "-c",
        "cat hello.txt; echo run >> /cache/runs; echo token=$TOKEN; mkdir -p /out && echo built > /out/result.txt"]);
    const stdout = await ctr.stdout();
    check("stdout has the mounted file", stdout.includes("hello from the host"), true);
    check("secret is scrubbed from stdout", stdout.includes("s3cr3t-value"), false);
    check("secret reached the process (scrubbed)", stdout.includes("token=***"), true);
    check("cache volume written", (await dag.container().from(base)
      .withMountedCache("/cache", dag.cacheVolume(`sdk-cache-${tag}`))
      .withExec(["sh", "-c", "test -s /cache/runs && echo present"]).stdout()).trim(), "present");

    // A failing exec raises the SDK's ExecError with Dagger's fields.
    let failed = null;
    try {
      await dag.container().from(base).withExec(["sh", "-c", "echo goodbye; exit 127"]).sync();
    } catch (e) {
      failed = e;
    }
    check("failed exec raises", failed !== null, true);
    check("exit code in ExecError", failed.exitCode, 127);
    check("stdout in ExecError", (failed.stdout || "").trim(), "goodbye");

    // Export a directory produced in the container, then publish the result back.
    const outDir = ctr.directory("/out");
    check("export path", await outDir.export(join(out, "out")), join(out, "out"));
    check("exported file", readFileSync(join(out, "out", "result.txt"), "utf8"), "built\n");
    const published = await ctr.publish(`${registry}/result:${tag}`);
    check("published ref", published.startsWith(`${registry}/result:${tag}@sha256:`), true);
    check("published image runs", (await dag.container().from(published)
      .withExec(["cat", "/out/result.txt"]).stdout()), "built\n");
    check("published image keeps the owner", (await dag.container().from(published)
      .withExec(["stat", "-c", "%u:%g", "/owned.txt"]).stdout()), "1000:1001\n");
    const redirected = dag.container().from(base)
      .withExec(["sh", "-c", "echo to-file"], { redirectStdout: "/tmp/out.txt" });
    check("redirectStdout writes the file", await redirected.file("/tmp/out.txt").contents(), "to-file\n");
    check("stdout still returned after a redirect", await redirected.stdout(), "to-file\n");
  }, { LogOutput: process.stderr });
} catch (e) {
  console.log(`sdk-container FAILED (@dagger.io/dagger ${sdkVersion}): ${e && e.message ? e.message : e}`);
  process.exit(1);
}
console.log(`sdk-container ok (@dagger.io/dagger ${sdkVersion})`);
