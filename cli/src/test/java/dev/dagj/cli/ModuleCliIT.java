package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dagj.cli.DistLauncher.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module commands through the real launcher: init, config, functions and call on a fresh module, and their
 * errors. Tests that need the engine's module API are skipped until the engine has {@code ModuleSource}.
 */
class ModuleCliIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(600);

    @TempDir
    Path tmp;

    private Result dagger(Path cwd, String... args) throws Exception {
        return DistLauncher.dagger(cwd, tmp.resolve("state"), "", TIMEOUT, args);
    }

    @Test
    void initWithoutSdkThenConfig() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.createDirectories(app.resolve(".git"));

        Result init = dagger(app, "init", "test");
        Result config = dagger(app, "config", "-m", "test");

        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).isEqualTo("Initialized module test in " + app.resolve("test") + "\n");
        assertThat(Files.readString(app.resolve("test/dagger.json"))).isEqualTo("""
                {
                  "name": "test",
                  "engineVersion": "v0.19.11"
                }
                """);
        assertThat(config.exit()).as(config.err()).isZero();
        assertThat(config.out()).isEqualTo("""
                Name:                   test
                SDK:                   \s
                Context Directory:      %s
                Source Root Directory:  %s
                """.formatted(app, app.resolve("test")));
    }

    @Test
    void withoutAModuleFunctionsAndCallSayModuleNotFound() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        for (String command : new String[] {"functions", "call"}) {
            Result r = dagger(empty, command);
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("Error: module not found\n");
        }
    }

    @Test
    void initErrors() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));

        assertThat(dagger(dir, "init", "--sdk=go@main").err())
                .isEqualTo("Error: the go sdk does not currently support selecting a specific version\n");
        assertThat(dagger(dir, "init").exit()).isZero();
        assertThat(dagger(dir, "init").err()).isEqualTo("Error: module already exists\n");
    }

    @Test
    void aBadConfigFailsEveryCommand() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(dir.resolve("dagger.json"), "{\"sdk\":666,\"engineVersion\":\"v100.0.0\"}");

        for (String command : new String[] {"functions", "call", "config", "develop"}) {
            Result r = dagger(dir, command);
            assertThat(r.exit()).as(command).isEqualTo(1);
            assertThat(r.err()).as(command).startsWith("Error: failed to check if module exists");
        }
    }

    @Test
    void initGoModuleThenListAndCallItsTemplate() throws Exception {
        assumeTrue(EngineFeatures.hasType(tmp.resolve("state"), "ModuleSource"),
                "the engine does not serve modules yet (no ModuleSource type)");
        Path dir = Files.createDirectories(tmp.resolve("my-module"));

        Result init = dagger(dir, "init", "--sdk=go");
        Result functions = dagger(dir, "functions");

        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(dir.resolve("main.go")).exists();
        assertThat(Files.readString(dir.resolve("LICENSE"))).contains("Apache License");
        assertThat(Files.readString(dir.resolve("dagger.json"))).isEqualTo("""
                {
                  "name": "my-module",
                  "engineVersion": "v0.19.11",
                  "sdk": {
                    "source": "go"
                  }
                }
                """);
        assertThat(functions.exit()).as(functions.err()).isZero();
        assertThat(functions.out()).startsWith("Name ").contains("\ncontainer-echo ").contains("\ngrep-dir ");

        assumeTrue(EngineFeatures.canPull(tmp.resolve("state"), "alpine:latest"), "cannot pull alpine here");
        Result echo = dagger(dir, "call", "container-echo", "--string-arg", "hello dagj", "stdout");
        assertThat(echo.exit()).as(echo.err()).isZero();
        assertThat(echo.out()).isEqualTo("hello dagj\n");
    }

    /**
     * A warm run reads the module's API from what the engine kept (its introspection, keyed by the served schema);
     * editing the module's functions must show at once, and the trace must stay on stderr.
     */
    @Test
    void editedFunctionsShowOnTheNextWarmRun() throws Exception {
        assumeTrue(EngineFeatures.hasType(tmp.resolve("state"), "ModuleSource"),
                "the engine does not serve modules yet (no ModuleSource type)");
        Path dir = Files.createDirectories(tmp.resolve("warm"));
        assertThat(dagger(dir, "init", "--sdk=go", "--name=warm").exit()).isZero();
        Path main = dir.resolve("main.go");
        String template = Files.readString(main);
        Files.writeString(main, template + """

                // Says hello
                func (m *Warm) Greet(name string) string {
                	return "Hello, " + name + "!"
                }
                """);
        Result first = dagger(dir, "call", "greet", "--name=a");
        Result warm = DistLauncher.run(DistLauncher.builder(dir, tmp.resolve("state"), java.util.Map.of(
                PhaseTrace.ENV, "1"), java.util.List.of(DistLauncher.launcher().toString(), "call", "greet",
                "--name=b")), "", TIMEOUT);
        assertThat(first.out()).as(first.err()).isEqualTo("Hello, a!\n");
        assertThat(warm.out()).as(warm.err()).isEqualTo("Hello, b!\n");
        assertThat(warm.err()).contains("[trace]").contains("module loaded and served").contains("API introspected");

        Files.writeString(main, template + """

                // Says hello, louder
                func (m *Warm) Greet(name string, loud bool) string {
                	if loud {
                		return "HELLO, " + name + "!"
                	}
                	return "Hello, " + name + "!"
                }

                // Says bye
                func (m *Warm) Bye() string {
                	return "bye"
                }
                """);
        Result functions = dagger(dir, "functions");
        Result loud = dagger(dir, "call", "greet", "--name=c", "--loud");
        assertThat(functions.out()).as(functions.err()).contains("\nbye ").contains("Says hello, louder");
        assertThat(loud.out()).as(loud.err()).isEqualTo("HELLO, c!\n");
    }

    @Test
    void anUnknownSdkFailsWhenTheModuleIsLoaded() throws Exception {
        assumeTrue(EngineFeatures.hasType(tmp.resolve("state"), "ModuleSource"),
                "the engine does not serve modules yet (no ModuleSource type)");
        Path dir = Files.createDirectories(tmp.resolve("m"));

        Result init = dagger(dir, "init", "--sdk=foo-bar", "--source=.");
        Result call = dagger(dir, "call", "container-echo", "--string-arg", "x");

        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(call.exit()).isEqualTo(1);
        assertThat(call.err()).contains("invalid SDK: \"foo-bar\"");
        Path py = Files.createDirectories(tmp.resolve("py"));
        Result python = dagger(py, "init", "--sdk=python");
        assertThat(python.exit()).isEqualTo(1);
        assertThat(python.err()).contains("python").contains("not available");
        assertThat(py.resolve("dagger.json")).doesNotExist();
    }
}
