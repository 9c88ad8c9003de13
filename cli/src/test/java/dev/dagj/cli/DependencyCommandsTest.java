package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagger install|use} and {@code uninstall} with local dependencies. */
class DependencyCommandsTest {
    @TempDir
    Path tmp;

    Path app;
    FakeModuleEngine engine = new FakeModuleEngine();
    ModuleFixtures.Launcher launcher = new ModuleFixtures.Launcher(engine);

    @BeforeEach
    void modules() throws Exception {
        app = tmp.resolve("app");
        Files.createDirectories(app.resolve(".git"));
        ModuleFixtures.goModule(app.resolve("test"), "test");
        ModuleFixtures.goModule(app.resolve("test/subdir/dep"), "dep");
        ModuleFixtures.goModule(app.resolve("aaa"), "aaa");
    }

    @Test
    void installStoresRelativeSortedDependenciesAndRegenerates() throws Exception {
        Path test = app.resolve("test");

        CliRun dep = CliRun.of(launcher, "", Map.of(), test, "install", "./subdir/dep");
        CliRun other = CliRun.of(launcher, "", Map.of(), test, "use", "../aaa", "-n", "zzz");

        assertThat(dep.exit()).as(dep.err()).isZero();
        assertThat(other.exit()).as(other.err()).isZero();
        assertThat(Files.readString(test.resolve("dagger.json"))).isEqualTo("""
                {
                  "name": "test",
                  "engineVersion": "v0.19.11",
                  "sdk": {
                    "source": "go"
                  },
                  "dependencies": [
                    {
                      "name": "dep",
                      "source": "subdir/dep"
                    },
                    {
                      "name": "zzz",
                      "source": "../aaa"
                    }
                  ]
                }
                """);
        assertThat(engine.queries).hasSize(2);

        CliRun removed = CliRun.of(launcher, "", Map.of(), test, "uninstall", "zzz");
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(Files.readString(test.resolve("dagger.json"))).doesNotContain("zzz").contains("subdir/dep");
    }

    @Test
    void aDuplicateNameIsRefused() {
        Path test = app.resolve("test");
        CliRun.of(launcher, "", Map.of(), test, "install", "./subdir/dep");

        CliRun run = CliRun.of(launcher, "", Map.of(), test, "install", "../aaa", "--name", "dep");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: duplicate dependency name \"dep\"\n");
    }
}
