package dev.dagj.cli;

import dev.dagj.engine.fs.FileTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Build-time only: runs a few typical invocations in one JVM so that the JVM can record the classes they load into the
 * distribution's start-up archive (see the {@code startup-archive} execution in the cli pom). Output is discarded;
 * failures are ignored, since the archive is an optimisation.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    /** {@code args[0]}: a scratch directory for the engine state the training queries create. */
    public static void main(String[] args) throws IOException {
        Path scratch = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(scratch);
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Map<String, String> env = Map.of();
        String state = scratch.resolve("state").toString();
        run(sink, env, scratch, "", "version");
        run(sink, env, scratch, "", "--help");
        run(sink, env, scratch, "", "query", "--bogus-flag");
        run(sink, env, scratch, "{ version }", "--state-dir", state, "query");
        run(sink, env, scratch, "{ directory { withNewFile(path: \"a.txt\", contents: \"a\") { entries } } }",
                "--state-dir", state, "-v", "query");
        // What a warm `dagger call` / `functions` runs before the module's code: their command models, reading a
        // module's dagger.json, uploading its files, and the SDK plugins (PF4J).
        run(sink, env, scratch, "", "call", "--help");
        run(sink, env, scratch, "", "functions", "--help");
        Path module = scratch.resolve("module");
        Files.createDirectories(module);
        Files.writeString(module.resolve("dagger.json"), "{\n  \"name\": \"training\",\n  \"engineVersion\": \""
                + dev.dagj.engine.Engine.DAGGER_VERSION + "\",\n  \"sdk\": {\n    \"source\": \"go\"\n  }\n}\n");
        Files.writeString(module.resolve("main.go"), "package main\n");
        run(sink, env, module, "{ moduleSource(refString: \".\") { moduleName sdk { source } digest } }",
                "--state-dir", state, "query");
        Path plugins = new EmbeddedSessionLauncher(env).pluginsDir();
        if (plugins != null) {
            try {
                new dev.dagj.engine.module.Pf4jSdkPluginSource(plugins).find("go");
            } catch (dev.dagj.engine.module.ModuleException | RuntimeException e) {
                // The archive is an optimisation; a plugin that does not load is reported when a module needs it.
            }
        }
        // The native SHA-256 that uploads switch to (the FFM linker and its downcall set-up): archived, its first use
        // in a run costs less. `version -v` loads it.
        run(sink, env, scratch, "", "version", "-v");
        uploadTree(sink, env, scratch);
        if (!"false".equals(System.getProperty("dagj.training.module"))) {
            callModule(sink, scratch, state);
        }
    }

    /**
     * A Go module's whole life, as a user's warm runs see it: {@code init}, a first call (which builds the module and
     * runs it in a container), {@code functions}, and warm calls, one whose result is new and one cached. This is
     * most of what a warm {@code call} loads, links and spins (lambdas, dynamic call sites): measured, an archive
     * that had seen it took about 80 ms less CPU for a warm call than one that had not. It needs the Go toolchain
     * and a sandbox (root, bwrap or runc); without them the steps fail and the archive just covers less. The module
     * and its state stay in the scratch directory, so a rebuild of the distribution finds the module built. The
     * system property {@code dagj.training.module=false} leaves these steps out.
     */
    private static void callModule(PrintStream sink, Path scratch, String state) throws IOException {
        Map<String, String> env = new java.util.HashMap<>();
        for (String name : new String[] {"PATH", "HOME"}) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        Path module = scratch.resolve("go-module");
        if (!Files.exists(module.resolve("dagger.json"))) {
            Files.createDirectories(module);
            run(sink, env, module, "", "--state-dir", state, "init", "--sdk=go", "--name=training");
            Path main = module.resolve("main.go");
            if (!Files.exists(main)) {
                return;
            }
            Files.writeString(main, Files.readString(main) + "\n// Says hello\nfunc (m *Training) Greet(name string)"
                    + " string {\n\treturn \"Hello, \" + name + \"!\"\n}\n");
        }
        run(sink, env, module, "", "--state-dir", state, "call", "greet", "--name=first");
        run(sink, env, module, "", "--state-dir", state, "functions");
        run(sink, env, module, "", "--state-dir", state, "call", "greet", "--name=" + System.nanoTime());
        run(sink, env, module, "", "--state-dir", state, "call", "greet", "--name=first");
    }

    /**
     * A host directory upload with bulk ahead, as {@code query} or {@code call} with a large directory argument runs
     * it: the walk, the workers, the pack, a large file copied and hashed from its mapping, and the native
     * {@code statx} walk switches to (its downcall set-up), so a user's first large upload finds them archived.
     */
    private static void uploadTree(PrintStream sink, Map<String, String> env, Path scratch) throws IOException {
        Path tree = scratch.resolve("upload");
        if (!Files.exists(tree)) {
            byte[] small = new byte[1500];
            for (int i = 0; i < 300; i++) {
                Path dir = Files.createDirectories(tree.resolve("d" + i % 10));
                small[0] = (byte) i;
                small[1] = (byte) (i >> 8);
                Files.write(dir.resolve("f" + i), small);
            }
            Files.write(tree.resolve("large.bin"), new byte[17 << 20]);
        }
        // a fresh state each time, so the files are read, not answered from the stat cache
        Path uploadState = scratch.resolve("upload-state");
        FileTrees.delete(uploadState);
        String doc = "{ host { directory(path: \"" + tree + "\") { digest } } }";
        run(sink, env, scratch, doc, "--state-dir", uploadState.toString(), "query");
    }

    private static void run(PrintStream sink, Map<String, String> env, Path cwd, String stdin, String... args) {
        Main.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), sink, sink, env, cwd, args);
    }
}
