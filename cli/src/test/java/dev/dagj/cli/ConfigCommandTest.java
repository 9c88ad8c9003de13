package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagger config} reads the module on the CLI side: from the root, a parent with -m, a subdir, -m ... */
class ConfigCommandTest {
    @TempDir
    Path tmp;

    Path app;
    ModuleFixtures.Launcher launcher = new ModuleFixtures.Launcher(new FakeModuleEngine());

    @BeforeEach
    void module() throws Exception {
        app = tmp.resolve("app");
        Files.createDirectories(app.resolve(".git"));
        ModuleFixtures.goModule(app.resolve("test"), "test");
        Files.createDirectories(app.resolve("test/subdir"));
    }

    @Test
    void printsNameSdkAndDirectoriesFromAnywhereInTheModule() {
        String expected = """
                Name:                   test
                SDK:                    go
                Context Directory:      %s
                Source Root Directory:  %s
                """.formatted(app, app.resolve("test"));
        for (CliRun run : new CliRun[] {
            CliRun.of(launcher, "", Map.of(), app.resolve("test"), "config"),
            CliRun.of(launcher, "", Map.of(), app, "config", "-m", "test"),
            CliRun.of(launcher, "", Map.of(), app.resolve("test/subdir"), "config"),
            CliRun.of(launcher, "", Map.of(), app.resolve("test/subdir"), "config", "-m", ".."),
        }) {
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).isEqualTo(expected);
        }
        assertThat(launcher.requests).isEmpty();
    }

    @Test
    void jsonHasTheSameValues() {
        CliRun run = CliRun.of(launcher, "", Map.of(), app.resolve("test"), "config", "--json");

        assertThat(run.out()).isEqualTo("""
                {
                    "contextDirectory": "%s",
                    "name": "test",
                    "sdk": "go",
                    "sourceRootDirectory": "%s"
                }
                """.formatted(app, app.resolve("test")));
    }

    @Test
    void withoutAModuleItIsModuleNotFound() {
        CliRun run = CliRun.of(launcher, "", Map.of(), app, "config");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: module not found\n");
    }
}
