package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.Session;
import dev.dagj.engine.exec.ExecConfig;
import dev.dagj.engine.exec.ExecutorSelection;
import dev.dagj.engine.module.AlteredSdk;
import dev.dagj.engine.module.GoSdkFixture;
import dev.dagj.engine.module.ModuleServices;
import dev.dagj.engine.module.SdkPluginSource;
import dev.dagj.engine.session.SessionClient;
import dev.dagj.engine.solve.Progress;
import dev.dagj.plugin.SdkPlugin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Codegen, the runtime build and type registration are cached by a digest of what they depend on. Each test loads a
 * module and calls a function once (cold: codegen, build, registration, constructor, function = 5 containers), again unchanged (0 containers), then changes one
 * input and checks that it is built and called again (5 containers), and that the result still works.
 */
class ModuleBuildCacheTest {
    @TempDir
    Path work;
    Path module;
    SdkPlugin go;

    @BeforeEach
    void copyModule() throws Exception {
        module = ModuleTestState.copyModule("hello", work.resolve("hello"), UUID.randomUUID().toString());
        go = GoSdkFixture.goSdk();
    }

    private record Run(Engine engine, GoSdkFixture.CountingExecutor counting) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            engine.close();
        }
    }

    private Run engine(SdkPlugin plugin) throws Exception {
        return engine(plugin, null);
    }

    private Run engine(SdkPlugin plugin, Supplier<byte[]> introspection) throws Exception {
        Path state = ModuleTestState.dir();
        GoSdkFixture.CountingExecutor counting = new GoSdkFixture.CountingExecutor(
                new ExecutorSelection(ExecConfig.defaults(state, System.getenv())));
        Engine e = Engine.open(new EngineConfig(state, Progress.NONE), new ModuleServices.Config(
                SdkPluginSource.of(plugin), counting, Map.of()));
        if (introspection != null) {
            e.modules().introspection("core", introspection);
        }
        return new Run(e, counting);
    }

    /** Serves the module and calls greet; returns how many containers that started. */
    private int load(Run run) throws Exception {
        int before = run.counting().runs();
        try (Session s = run.engine().openSession(work)) {
            SessionClient c = new SessionClient(s);
            c.data(ModuleCallTest.serve(module));
            assertThat(c.data("{ hello { greet(name: \"x\") } }").at("/hello/greet").asText()).endsWith(", x!");
        }
        return run.counting().runs() - before;
    }

    private void baseline(Run run) throws Exception {
        assertThat(load(run)).as("cold").isEqualTo(5);
        assertThat(load(run)).as("warm, nothing changed").isZero();
    }

    @Test
    void editingMainGoRebuildsButTouchingItDoesNot() throws Exception {
        try (Run run = engine(go)) {
            baseline(run);
            Path main = module.resolve("main.go");
            Files.setLastModifiedTime(main, FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(load(run)).as("mtime only").isZero();
            Files.writeString(main, Files.readString(main).replace("+ name + \"!\"", "+ name + \"!\" + \"\""));
            assertThat(load(run)).as("edited main.go").isEqualTo(5);
        }
    }

    @Test
    void editingDaggerJsonRebuilds() throws Exception {
        try (Run run = engine(go)) {
            baseline(run);
            Path config = module.resolve("dagger.json");
            Files.writeString(config, Files.readString(config).replace("\"v0.19.11\"", "\"v0.19.10\""));
            assertThat(load(run)).as("edited dagger.json").isEqualTo(5);
        }
    }

    @Test
    void anotherPluginVersionRebuilds() throws Exception {
        try (Run run = engine(go)) {
            baseline(run);
        }
        try (Run run = engine(new AlteredSdk(go, go.version() + "-next", Map.of()))) {
            assertThat(load(run)).as("plugin version").isEqualTo(5);
        }
    }

    @Test
    void anotherToolchainVersionRebuilds() throws Exception {
        try (Run run = engine(go)) {
            baseline(run);
        }
        try (Run run = engine(new AlteredSdk(go, go.version(), Map.of("go", "go1.99.0")))) {
            assertThat(load(run)).as("toolchain version").isEqualTo(5);
        }
    }

    @Test
    void anotherApiSchemaRebuilds() throws Exception {
        byte[] schema;
        try (Run run = engine(go)) {
            baseline(run);
            schema = run.engine().modules().introspection("core", () -> {
                throw new IllegalStateException("computed by the load above");
            });
        }
        String changed = new String(schema, StandardCharsets.UTF_8) + "\n";
        try (Run run = engine(go, () -> changed.getBytes(StandardCharsets.UTF_8))) {
            assertThat(load(run)).as("schema digest").isEqualTo(5);
        }
    }
}
